package io.jkeepalived.fifo;

import io.jkeepalived.ipvs.IpvsText;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The lines keepalived 2.2.7 writes to its notify FIFOs, without the newline (vrrp/vrrp_notify.c, check/ipwrapper.c):
 * <pre>
 * INSTANCE "VI_1" MASTER 100          a state: MASTER BACKUP FAULT STOP (DELETED with notify_deleted), then the
 *                                     effective priority
 * INSTANCE "VI_1" MASTER_PRIORITY 90  notify_priority_changes: the new effective priority (BACKUP_PRIORITY when
 *                                     not master)
 * INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100  a master received an advert of lower priority
 * GROUP "G1" BACKUP 0                 a sync group: the priority is always 0
 * VS [10.0.0.1]:tcp:80 UP             a virtual server's quorum; FWM 7 for a firewall mark, [GROUP]:0 for a group
 * RS [192.168.1.2]:tcp:80 [10.0.0.1]:tcp:80 DOWN   a real server, then its virtual server
 * </pre>
 * Written with StringBuilder on purpose: the VRRP loop formats these, and a first string concatenation through
 * invokedynamic costs a link on a real-time thread.
 */
public final class NotifyFifoLines {
    private NotifyFifoLines() {
    }

    public static String instance(String name, String state, int priority) {
        return new StringBuilder(name.length() + 32).append("INSTANCE \"").append(name).append("\" ").append(state)
                .append(' ').append(priority).toString();
    }

    public static String group(String name, String state) {
        return new StringBuilder(name.length() + 24).append("GROUP \"").append(name).append("\" ").append(state)
                .append(" 0").toString();
    }

    /** @param service as {@link #service}, {@link #fwmark} or {@link #serviceGroup} write it */
    public static String virtualServer(String service, boolean up) {
        return new StringBuilder().append("VS ").append(service).append(' ').append(up ? "UP" : "DOWN").toString();
    }

    public static String realServer(String server, String service, boolean up) {
        return new StringBuilder().append("RS ").append(server).append(' ').append(service).append(' ')
                .append(up ? "UP" : "DOWN").toString();
    }

    /**
     * An address, protocol and port as keepalived's inet_sockaddrtotrio: {@code [10.0.0.1]:tcp:80},
     * {@code [2001:db8::1]:udp:53}; the address as inet_ntop writes it (IPv6 compressed, no scope).
     *
     * @param protocol tcp, udp, sctp, or none
     */
    public static String trio(InetAddress address, String protocol, int port) {
        return new StringBuilder().append('[').append(text(address)).append("]:").append(protocol).append(':')
                .append(port).toString();
    }

    public static String fwmark(int mark) {
        return "FWM " + Integer.toUnsignedString(mark);
    }

    /** A virtual_server_group service: keepalived writes the group's name and the port of the entry (0). */
    public static String serviceGroup(String group, int port) {
        return new StringBuilder().append('[').append(group).append("]:").append(port).toString();
    }

    /**
     * inet_ntop's text: Java's IPv6 text is uncompressed and may carry a scope. The compression is ipvsadm's, which
     * is inet_ntop's ({@link IpvsText#host}); inet_ntop also writes a v4-mapped address with a dotted tail.
     */
    static String text(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b[10] == (byte) 0xff && b[11] == (byte) 0xff
                && java.util.Arrays.equals(b, 0, 10, new byte[10], 0, 10)) {
            return "::ffff:" + (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        return IpvsText.host(address);
    }
}

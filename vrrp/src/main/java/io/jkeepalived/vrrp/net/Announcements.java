package io.jkeepalived.vrrp.net;

import io.jkeepalived.vrrp.Checksums;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The Ethernet frames a new master sends so that neighbours update their caches, built byte for byte
 * as keepalived 2.2.7 sends them (see the golden captures):
 *
 * <ul>
 * <li>gratuitous ARP: an ARP request to ff:ff:ff:ff:ff:ff from the interface's MAC, sender IP =
 *     target IP = the address, target hardware address ff:ff:ff:ff:ff:ff (42 bytes, unpadded);</li>
 * <li>unsolicited neighbour advertisement: to 33:33:00:00:00:01 / ff02::1 from the address itself,
 *     hop limit 255, traffic class 0, the Override flag, and a target link-layer address option.</li>
 * </ul>
 */
public final class Announcements {
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int GARP_LENGTH = 42;
    public static final int NA_LENGTH = 14 + 40 + 32;
    private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    private static final Inet6Address ALL_NODES = allNodes();
    private static final int ICMPV6 = 58;
    private static final int NEIGHBOUR_ADVERTISEMENT = 136;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final int OPTION_TARGET_LINK_LAYER = 2;

    private Announcements() {
    }

    private static Inet6Address allNodes() {
        try {
            return (Inet6Address) InetAddress.getByAddress(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a frame goes: the destination MAC (for sockaddr_ll) and the Ethernet protocol. */
    public static byte[] destinationMac(InetAddress address) {
        return (address instanceof Inet6Address ? ALL_NODES_MAC : BROADCAST).clone();
    }

    public static int ethertype(InetAddress address) {
        return address instanceof Inet6Address ? ETHERTYPE_IPV6 : ETHERTYPE_ARP;
    }

    /** The frame announcing {@code address} from {@code mac}: gratuitous ARP or unsolicited NA. */
    public static byte[] frame(byte[] mac, InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return gratuitousArp(mac, v4);
        }
        return unsolicitedNeighbourAdvert(mac, (Inet6Address) address);
    }

    public static byte[] gratuitousArp(byte[] mac, Inet4Address address) {
        requireMac(mac);
        byte[] ip = address.getAddress();
        byte[] f = new byte[GARP_LENGTH];
        int o = ethernet(f, BROADCAST, mac, ETHERTYPE_ARP);
        f[o++] = 0;
        f[o++] = 1;              // hardware type Ethernet
        f[o++] = 0x08;
        f[o++] = 0;              // protocol IPv4
        f[o++] = 6;
        f[o++] = 4;
        f[o++] = 0;
        f[o++] = 1;              // request
        o = put(f, o, mac);
        o = put(f, o, ip);
        o = put(f, o, BROADCAST);
        put(f, o, ip);
        return f;
    }

    public static byte[] unsolicitedNeighbourAdvert(byte[] mac, Inet6Address address) {
        requireMac(mac);
        byte[] target = address.getAddress();
        byte[] f = new byte[NA_LENGTH];
        int o = ethernet(f, ALL_NODES_MAC, mac, ETHERTYPE_IPV6);
        int ip = o;
        f[o] = 0x60;             // version 6, traffic class 0, flow label 0
        f[ip + 4] = 0;
        f[ip + 5] = 32;          // payload length
        f[ip + 6] = (byte) ICMPV6;
        f[ip + 7] = (byte) 255;  // hop limit: RFC 4861 receivers drop anything else
        put(f, ip + 8, target);
        put(f, ip + 24, ALL_NODES.getAddress());
        int icmp = ip + 40;
        f[icmp] = (byte) NEIGHBOUR_ADVERTISEMENT;
        f[icmp + 4] = FLAG_OVERRIDE;
        put(f, icmp + 8, target);
        f[icmp + 24] = OPTION_TARGET_LINK_LAYER;
        f[icmp + 25] = 1;        // length in units of 8 bytes
        put(f, icmp + 26, mac);
        long sum = Checksums.ipv6PseudoHeaderSum(address, ALL_NODES, ICMPV6, 32);
        int checksum = Checksums.finish(Checksums.sum(sum, f, icmp, 32));
        f[icmp + 2] = (byte) (checksum >>> 8);
        f[icmp + 3] = (byte) checksum;
        return f;
    }

    private static int ethernet(byte[] f, byte[] destination, byte[] source, int ethertype) {
        put(f, 0, destination);
        put(f, 6, source);
        f[12] = (byte) (ethertype >>> 8);
        f[13] = (byte) ethertype;
        return 14;
    }

    private static int put(byte[] f, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, f, at, bytes.length);
        return at + bytes.length;
    }

    private static void requireMac(byte[] mac) {
        if (mac == null || mac.length != 6) {
            throw new IllegalArgumentException("an Ethernet address has 6 bytes");
        }
    }
}

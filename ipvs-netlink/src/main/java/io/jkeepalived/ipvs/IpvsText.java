package io.jkeepalived.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * How IPVS objects are named in logs and errors: the way ipvsadm prints them, so an operator can paste a
 * name into {@code ipvsadm -Ln -t ...}. IPv6 addresses are compressed as RFC 5952 says ("2001:db8::1", not
 * Java's "2001:db8:0:0:0:0:0:1").
 */
public final class IpvsText {

    private IpvsText() {
    }

    /** "192.0.2.1" or "2001:db8::1". */
    public static String host(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups becomes "::"; the first one wins a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** "192.0.2.1:80" or "[2001:db8::1]:80". */
    public static String endpoint(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + host(address) + "]" : host(address)) + ":" + port;
    }

    /** An IPv4 netmask held as a 32-bit value (0xffffff00), dotted: "255.255.255.0". */
    public static String ipv4Mask(int mask) {
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    /** ipvsadm's protocol names. */
    public static String protocol(int protocol) {
        return switch (protocol) {
            case Ipvs.IPPROTO_TCP -> "TCP";
            case Ipvs.IPPROTO_UDP -> "UDP";
            case Ipvs.IPPROTO_SCTP -> "SCTP";
            default -> "proto " + protocol;
        };
    }
}

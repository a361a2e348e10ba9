package io.jkeepalived.vrrp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Loads the golden captures of keepalived 2.2.7 (see golden/README.md in the test resources). */
final class Golden {
    private Golden() {
    }

    /** One captured datagram: seconds since keepalived started, and the IP datagram. */
    record Packet(double seconds, byte[] datagram) {
        boolean ipv6() {
            return (datagram[0] & 0xf0) == 0x60;
        }

        /** The VRRP message without the IP header. */
        byte[] vrrp() {
            int off = ipv6() ? 40 : (datagram[0] & 0x0f) * 4;
            return Arrays.copyOfRange(datagram, off, datagram.length);
        }

        InetAddress source() {
            return ipv6() ? address(datagram, 8, 16) : address(datagram, 12, 4);
        }

        InetAddress destination() {
            return ipv6() ? address(datagram, 24, 16) : address(datagram, 16, 4);
        }

        int ttl() {
            return ipv6() ? datagram[7] & 0xff : datagram[8] & 0xff;
        }

        int protocol() {
            return ipv6() ? datagram[6] & 0xff : datagram[9] & 0xff;
        }

        InboundPacket inbound() {
            return ipv6() ? InboundPacket.ipv6(vrrp(), (Inet6Address) source(), (Inet6Address) destination(), ttl())
                    : InboundPacket.ipv4(datagram.clone());
        }
    }

    static List<Packet> vrrp(String capture) {
        return load(capture + ".vrrp.hex");
    }

    static List<Packet> announcements(String capture) {
        return load(capture + ".announce.hex");
    }

    private static List<Packet> load(String name) {
        String resource = "/io/jkeepalived/vrrp/golden/" + name;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            List<Packet> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                out.add(new Packet(Double.parseDouble(parts[0]), HexFormat.of().parseHex(parts[1])));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static InetAddress address(byte[] buf, int off, int len) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(buf, off, off + len));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static List<InetAddress> ips(String... literals) {
        return Arrays.stream(literals).map(Golden::ip).toList();
    }
}

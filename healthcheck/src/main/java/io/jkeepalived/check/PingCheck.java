package io.jkeepalived.check;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * PING_CHECK, as keepalived 2.2.7 runs it (check_ping.c, layer4.c; our own code, written from their behaviour):
 * one ICMP (or ICMPv6) echo request from a fresh "ping socket" (SOCK_DGRAM, IPPROTO_ICMP/ICMPV6, so no raw socket;
 * the kernel picks the identifier and delivers only the echo replies that carry it), then:
 * <ul>
 *   <li>the first message read decides: an echo reply of at least 8 bytes succeeds (its sequence and payload are
 *       not looked at, as in keepalived), anything shorter or of another type fails;</li>
 *   <li>nothing within connect_timeout fails. ICMP errors never end the attempt early: keepalived's socket is
 *       unconnected, and the kernel reports no ICMP error to an unconnected ping socket, so keepalived waits for
 *       its timeout. Ours is connected (Netty needs that to read ICMP at all); the kernel still keeps host and
 *       network unreachable from it ("soft" errors), and the "hard" ones it does report (administratively
 *       prohibited, protocol unreachable ...) are noted for the log line while the attempt waits just the same;</li>
 *   <li>a send error (no route, EHOSTUNREACH at once) fails; a socket that cannot be created (ping_group_range
 *       does not admit our group, no descriptors) gives no verdict and the checker tries again after
 *       delay_loop.</li>
 * </ul>
 * keepalived takes only the destination ({@code connect_ip}, default the real server) and {@code connect_timeout}
 * from the connection options; {@code connect_port}, {@code bindto}, {@code bind_port}, {@code bind_if} and
 * {@code fwmark} are accepted and ignored.
 *
 * @param address        where the echo request goes
 * @param connectTimeout how long to wait for the reply (keepalived's default 5 s)
 */
public record PingCheck(InetAddress address, Duration connectTimeout) implements CheckerSpec {
    public PingCheck {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.PING_CHECK;
    }

    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    /** The attempt's destination (port 0: ICMP has none) and deadline; never a local address to bind. */
    ConnectTarget target() {
        return ConnectTarget.of(new InetSocketAddress(address, 0), connectTimeout);
    }

    /** "[192.0.2.2]:icmp" for the log. */
    String describe() {
        return "[" + address.getHostAddress() + "]:" + (ipv6() ? "icmpv6" : "icmp");
    }
}

package io.jkeepalived.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.jkeepalived.libc.Libc;

/**
 * An IPVS virtual service: what keepalived's {@code virtual_server} block (or {@code ipvsadm -A}) creates.
 * Either an address, protocol and port, or a firewall mark.
 *
 * @param family            AF_INET or AF_INET6
 * @param protocol          IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP; 0 for fwmark services
 * @param address           the virtual address, or null for a fwmark service
 * @param port              0..65535 (0 with persistence means "all ports"); 0 for fwmark services
 * @param fwmark            the firewall mark, or 0 for an address service
 * @param scheduler         lvs_sched: "rr", "wrr", "lc", "wlc", "sh", "mh"...
 * @param flags             IP_VS_SVC_F_* (persistent, one-packet, scheduler flags); never HASHED, which is
 *                          the kernel's internal bookkeeping and stripped when decoding
 * @param timeoutSeconds    persistence_timeout (used with SVC_F_PERSISTENT)
 * @param netmaskPrefix     persistence_granularity as a prefix length (IPv4 /32 = 255.255.255.255)
 * @param persistenceEngine the persistence engine ("sip"), or null
 */
public record VirtualService(int family, int protocol, InetAddress address, int port, int fwmark, String scheduler,
        int flags, int timeoutSeconds, int netmaskPrefix, String persistenceEngine) {

    public VirtualService {
        if (family != Libc.AF_INET && family != Libc.AF_INET6) {
            throw new IllegalArgumentException("IPVS family must be AF_INET or AF_INET6, not " + family);
        }
        if (fwmark != 0) {
            if (address != null || port != 0) {
                throw new IllegalArgumentException("a fwmark service has no address or port");
            }
        } else {
            if (address == null) {
                throw new IllegalArgumentException("a service needs an address or a fwmark");
            }
            if ((address instanceof Inet6Address) != (family == Libc.AF_INET6)) {
                throw new IllegalArgumentException("address " + address.getHostAddress() + " is not of family "
                        + family);
            }
            if (protocol <= 0 || protocol > 255) {
                throw new IllegalArgumentException("protocol " + protocol + " out of range 1..255");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
        checkName("scheduler", scheduler, Ipvs.SCHEDNAME_MAXLEN, false);
        checkName("persistence engine", persistenceEngine, Ipvs.PENAME_MAXLEN, true);
        if ((flags & Ipvs.SVC_F_HASHED) != 0) {
            throw new IllegalArgumentException("SVC_F_HASHED is kernel-internal");
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeout " + timeoutSeconds + " is negative");
        }
        int max = family == Libc.AF_INET6 ? 128 : 32;
        if (netmaskPrefix < (family == Libc.AF_INET6 ? 1 : 0) || netmaskPrefix > max) {
            throw new IllegalArgumentException("persistence netmask /" + netmaskPrefix + " out of range");
        }
    }

    static void checkName(String what, String name, int maxWithNul, boolean optional) {
        if (name == null) {
            if (!optional) {
                throw new IllegalArgumentException(what + " is required");
            }
            return;
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes >= maxWithNul || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " \"" + name + "\" must be 1.." + (maxWithNul - 1) + " bytes");
        }
    }

    /** An address service with ipvsadm's defaults: not persistent, full netmask. */
    public static VirtualService of(InetAddress address, int protocol, int port, String scheduler) {
        int family = address instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
        return new VirtualService(family, protocol, address, port, 0, scheduler, 0, 0,
                family == Libc.AF_INET6 ? 128 : 32, null);
    }

    /** A firewall-mark service. */
    public static VirtualService fwmark(int family, int mark, String scheduler) {
        if (mark == 0) {
            throw new IllegalArgumentException("fwmark 0 is no mark");
        }
        return new VirtualService(family, 0, null, 0, mark, scheduler, 0, 0, family == Libc.AF_INET6 ? 128 : 32,
                null);
    }

    /** Persistent with {@code timeoutSeconds} and granularity {@code netmaskPrefix}. */
    public VirtualService withPersistence(int timeoutSeconds, int netmaskPrefix) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, flags | Ipvs.SVC_F_PERSISTENT,
                timeoutSeconds, netmaskPrefix, persistenceEngine);
    }

    public VirtualService withFlags(int newFlags) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, newFlags, timeoutSeconds,
                netmaskPrefix, persistenceEngine);
    }

    public VirtualService withScheduler(String newScheduler) {
        return new VirtualService(family, protocol, address, port, fwmark, newScheduler, flags, timeoutSeconds,
                netmaskPrefix, persistenceEngine);
    }

    public VirtualService withPersistenceEngine(String engine) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, flags, timeoutSeconds,
                netmaskPrefix, engine);
    }

    /** What the kernel identifies a service by. */
    public ServiceKey key() {
        return new ServiceKey(family, protocol, address, port, fwmark);
    }

    /** The identity of a service: family plus fwmark, or protocol, address and port. */
    public record ServiceKey(int family, int protocol, InetAddress address, int port, int fwmark) {
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case Ipvs.IPPROTO_TCP -> "TCP";
            case Ipvs.IPPROTO_UDP -> "UDP";
            case Ipvs.IPPROTO_SCTP -> "SCTP";
            default -> "proto " + protocol;
        };
    }

    /** ipvsadm -Ln's way of naming it: "TCP 192.0.2.1:80", "FWM 7 IPv6", "TCP [2001:db8::1]:443". */
    public String describe() {
        if (fwmark != 0) {
            return "FWM " + Integer.toUnsignedString(fwmark) + (family == Libc.AF_INET6 ? " IPv6" : "");
        }
        String host = address.getHostAddress();
        return protocolName(protocol) + " " + (family == Libc.AF_INET6 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(describe()).append(' ').append(scheduler);
        if ((flags & Ipvs.SVC_F_PERSISTENT) != 0) {
            s.append(" persistent ").append(timeoutSeconds).append(" mask /").append(netmaskPrefix);
        }
        if (persistenceEngine != null) {
            s.append(" pe ").append(persistenceEngine);
        }
        int other = flags & ~Ipvs.SVC_F_PERSISTENT;
        if (other != 0) {
            s.append(" flags 0x").append(Integer.toHexString(other));
        }
        return s.toString();
    }
}

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
 * @param netmask           persistence_granularity as IPVS holds it: for IPv4 the mask itself as a 32-bit value
 *                          (0xffffff00 for 255.255.255.0; any bit pattern, as keepalived and ipvsadm accept
 *                          non-contiguous masks), for IPv6 a prefix length 1..128
 * @param persistenceEngine the persistence engine ("sip"), or null
 */
public record VirtualService(int family, int protocol, InetAddress address, int port, int fwmark, String scheduler,
        int flags, int timeoutSeconds, int netmask, String persistenceEngine) {

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
        if (family == Libc.AF_INET6 && (netmask < 1 || netmask > 128)) {
            // the kernel refuses other IPv6 prefix lengths with EINVAL
            throw new IllegalArgumentException("IPv6 persistence prefix /" + netmask + " out of range 1..128");
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
        return new VirtualService(family, protocol, address, port, 0, scheduler, 0, 0, fullNetmask(family), null);
    }

    /** A firewall-mark service. */
    public static VirtualService fwmark(int family, int mark, String scheduler) {
        if (mark == 0) {
            throw new IllegalArgumentException("fwmark 0 is no mark");
        }
        return new VirtualService(family, 0, null, 0, mark, scheduler, 0, 0, fullNetmask(family), null);
    }

    /** The netmask of a single client: 255.255.255.255 or /128 (ipvsadm's and keepalived's default). */
    public static int fullNetmask(int family) {
        return family == Libc.AF_INET6 ? 128 : -1;
    }

    /** The netmask value for a prefix length: the IPv4 mask, or the IPv6 prefix itself. */
    public static int netmaskForPrefix(int family, int prefixLength) {
        if (family == Libc.AF_INET6) {
            return prefixLength;
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("IPv4 prefix /" + prefixLength + " out of range 0..32");
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** Persistent for {@code timeoutSeconds} with granularity of a prefix length ({@code /24}, {@code /64}). */
    public VirtualService withPersistence(int timeoutSeconds, int prefixLength) {
        return withPersistenceMask(timeoutSeconds, netmaskForPrefix(family, prefixLength));
    }

    /** Persistent for {@code timeoutSeconds} with a raw netmask value (see {@link #netmask()}). */
    public VirtualService withPersistenceMask(int timeoutSeconds, int netmaskValue) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, flags | Ipvs.SVC_F_PERSISTENT,
                timeoutSeconds, netmaskValue, persistenceEngine);
    }

    public boolean isPersistent() {
        return (flags & Ipvs.SVC_F_PERSISTENT) != 0;
    }

    /** The netmask as ipvsadm prints it: "255.255.255.0" for IPv4, "64" for IPv6. */
    public String netmaskText() {
        return family == Libc.AF_INET6 ? Integer.toString(netmask) : IpvsText.ipv4Mask(netmask);
    }

    public VirtualService withFlags(int newFlags) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, newFlags, timeoutSeconds,
                netmask, persistenceEngine);
    }

    public VirtualService withScheduler(String newScheduler) {
        return new VirtualService(family, protocol, address, port, fwmark, newScheduler, flags, timeoutSeconds,
                netmask, persistenceEngine);
    }

    public VirtualService withPersistenceEngine(String engine) {
        return new VirtualService(family, protocol, address, port, fwmark, scheduler, flags, timeoutSeconds,
                netmask, engine);
    }

    /** What the kernel identifies a service by. */
    public ServiceKey key() {
        return new ServiceKey(family, protocol, address, port, fwmark);
    }

    /** The identity of a service: family plus fwmark, or protocol, address and port. */
    public record ServiceKey(int family, int protocol, InetAddress address, int port, int fwmark) {
    }

    /** ipvsadm -Ln's way of naming it: "TCP 192.0.2.1:80", "FWM 7 IPv6", "TCP [2001:db8::1]:443". */
    public String describe() {
        if (fwmark != 0) {
            return "FWM " + Integer.toUnsignedString(fwmark) + (family == Libc.AF_INET6 ? " IPv6" : "");
        }
        return IpvsText.protocol(protocol) + " " + IpvsText.endpoint(address, port);
    }

    /**
     * The service and every setting the kernel keeps for it, in words: "TCP 192.0.2.1:80 scheduler sh
     * flags sh-fallback,sh-port persistent 300 mask 255.255.255.0 pe sip".
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(describe()).append(" scheduler ").append(scheduler);
        String flagNames = flagNames(scheduler, flags);
        if (!flagNames.isEmpty()) {
            s.append(" flags ").append(flagNames);
        }
        if (isPersistent()) {
            s.append(" persistent ").append(timeoutSeconds).append(" mask ").append(netmaskText());
        }
        if (persistenceEngine != null) {
            s.append(" pe ").append(persistenceEngine);
        }
        return s.toString();
    }

    /**
     * The flags other than persistence, named as ipvsadm names them: "ops" for one-packet scheduling, and the
     * scheduler flags by the scheduler's own names (sh-fallback, sh-port; mh-fallback, mh-port; flag-1..3
     * for other schedulers).
     */
    public static String flagNames(String scheduler, int flags) {
        StringBuilder s = new StringBuilder();
        String prefix = "sh".equals(scheduler) || "mh".equals(scheduler) ? scheduler + "-" : null;
        if ((flags & Ipvs.SVC_F_ONEPACKET) != 0) {
            s.append("ops");
        }
        String[] names = prefix != null ? new String[] {prefix + "fallback", prefix + "port", "flag-3"}
                : new String[] {"flag-1", "flag-2", "flag-3"};
        int[] bits = {Ipvs.SVC_F_SCHED1, Ipvs.SVC_F_SCHED2, Ipvs.SVC_F_SCHED3};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(s.length() > 0 ? "," : "").append(names[i]);
            }
        }
        int other = flags & ~(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_ONEPACKET | Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2
                | Ipvs.SVC_F_SCHED3);
        if (other != 0) {
            s.append(s.length() > 0 ? "," : "").append("0x").append(Integer.toHexString(other));
        }
        return s.toString();
    }
}

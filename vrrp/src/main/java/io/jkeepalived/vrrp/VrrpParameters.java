package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one VRRP instance needs to run, independent of the config parser's model (the daemon maps
 * a vrrp_instance block onto this). Defaults in {@link #builder} are keepalived 2.2.7's.
 *
 * <p>There is deliberately no initial state: keepalived starts every instance in BACKUP whatever
 * {@code state} says, and only priority 255 (address owner) goes straight to MASTER.
 *
 * @param name                     instance name, for logs and notifications
 * @param vrid                     virtual router id, 1-255
 * @param priority                 configured (base) priority, 1-255; 255 = address owner
 * @param version                  VRRPv2 (IPv4 only) or VRRPv3
 * @param family                   address family of the instance
 * @param intervalCentis           advert interval in centiseconds; VRRPv2 needs whole seconds, 1-255 s;
 *                                 VRRPv3 1-4095 cs
 * @param preempt                  false for nopreempt: never take over from a live lower priority master
 * @param preemptDelay             wait this long after first seeing a lower priority master before
 *                                 preempting it (zero = none)
 * @param authType                 VRRPv2 authentication: NONE or PASS (AH is not supported)
 * @param authData                 the 8 password bytes for PASS
 * @param virtualAddresses         advertised and configured addresses (virtual_ipaddress)
 * @param excludedAddresses        configured but not advertised (virtual_ipaddress_excluded)
 * @param primaryAddress           our source address: sent from, and compared (as a number) with the
 *                                 sender of an equal priority advert; for IPv6 the link-local address
 * @param garp                     gratuitous ARP / NA schedule
 * @param downTimerAdverts         adverts missed before the master is declared down (RFC: 3)
 * @param lowerPriorityNoAdvert    as master, do not answer a lower priority advert with an advert
 * @param higherPrioritySendAdvert as master, send one advert before yielding to a higher priority
 * @param v3ChecksumAsV2           VRRPv3/IPv4: send the checksum without pseudo-header
 * @param unicast                  unicast peers instead of multicast (no TTL check)
 */
public record VrrpParameters(
        String name,
        int vrid,
        int priority,
        VrrpVersion version,
        IpFamily family,
        int intervalCentis,
        boolean preempt,
        Duration preemptDelay,
        AuthType authType,
        AuthData authData,
        List<InetAddress> virtualAddresses,
        List<InetAddress> excludedAddresses,
        InetAddress primaryAddress,
        GarpSettings garp,
        int downTimerAdverts,
        boolean lowerPriorityNoAdvert,
        boolean higherPrioritySendAdvert,
        boolean v3ChecksumAsV2,
        boolean unicast) {

    public VrrpParameters {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(authData, "authData");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(garp, "garp");
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        String where = "(" + name + ") ";
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException(where + "virtual_router_id must be 1-255, got " + vrid);
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException(where + "priority must be 1-255, got " + priority);
        }
        if (version == VrrpVersion.V2) {
            if (family != IpFamily.IPV4) {
                throw new IllegalArgumentException(where + "VRRPv2 is IPv4 only");
            }
            if (intervalCentis % 100 != 0 || intervalCentis < 100 || intervalCentis > 25500) {
                throw new IllegalArgumentException(where + "a VRRPv2 advert_int is 1-255 whole seconds, got "
                        + intervalCentis / 100.0 + " s");
            }
        } else {
            if (intervalCentis < 1 || intervalCentis > 4095) {
                throw new IllegalArgumentException(where + "a VRRPv3 advert_int is 0.01-40.95 s, got "
                        + intervalCentis / 100.0 + " s");
            }
            if (authType != AuthType.NONE) {
                throw new IllegalArgumentException(where + "VRRPv3 has no authentication");
            }
        }
        if (authType == AuthType.AH) {
            throw new IllegalArgumentException(where + "auth_type AH is not supported");
        }
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException(where + "preempt_delay must not be negative");
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException(where + "down_timer_adverts must be 1-100, got " + downTimerAdverts);
        }
        if (virtualAddresses.size() > Advertisement.MAX_ADDRESSES) {
            throw new IllegalArgumentException(where + "at most 255 virtual addresses fit in an advert");
        }
        if (!family.holds(primaryAddress)) {
            throw new IllegalArgumentException(where + "primary address " + primaryAddress.getHostAddress()
                    + " is not " + family);
        }
        for (InetAddress a : virtualAddresses) {
            if (!family.holds(a)) {
                throw new IllegalArgumentException(where + "virtual address " + a.getHostAddress() + " is not "
                        + family + " (put it in virtual_ipaddress_excluded)");
            }
        }
    }

    public Duration interval() {
        return Duration.ofMillis(intervalCentis * 10L);
    }

    /** The advert this instance sends, at {@code advertisedPriority}. */
    public Advertisement advertisement(int advertisedPriority) {
        return new Advertisement(version, family, vrid, advertisedPriority, authType,
                authType == AuthType.NONE ? AuthData.ZERO : authData, intervalCentis, virtualAddresses);
    }

    /** What the receive checks compare against. */
    public ReceiveExpectations receiveExpectations() {
        return new ReceiveExpectations(vrid, version, family, authType,
                authType == AuthType.NONE ? AuthData.ZERO : authData, intervalCentis, virtualAddresses, unicast);
    }

    /** Every address the instance adds as master: the advertised ones, then the excluded ones. */
    public List<InetAddress> allAddresses() {
        List<InetAddress> all = new ArrayList<>(virtualAddresses);
        all.addAll(excludedAddresses);
        return List.copyOf(all);
    }

    public static Builder builder(String name, int vrid, InetAddress primaryAddress) {
        return new Builder(name, vrid, primaryAddress);
    }

    /** Builds parameters from keepalived's defaults: VRRPv2, priority 100, advert_int 1, preempt. */
    public static final class Builder {
        private final String name;
        private final int vrid;
        private final InetAddress primaryAddress;
        private int priority = 100;
        private VrrpVersion version = VrrpVersion.V2;
        private int intervalCentis = 100;
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private AuthType authType = AuthType.NONE;
        private AuthData authData = AuthData.ZERO;
        private List<InetAddress> virtualAddresses = List.of();
        private List<InetAddress> excludedAddresses = List.of();
        private GarpSettings garp = GarpSettings.KEEPALIVED_DEFAULTS;
        private int downTimerAdverts = 3;
        private boolean lowerPriorityNoAdvert;
        private boolean higherPrioritySendAdvert;
        private boolean v3ChecksumAsV2;
        private boolean unicast;

        private Builder(String name, int vrid, InetAddress primaryAddress) {
            this.name = name;
            this.vrid = vrid;
            this.primaryAddress = primaryAddress;
        }

        public Builder priority(int value) {
            priority = value;
            return this;
        }

        public Builder version(VrrpVersion value) {
            version = value;
            return this;
        }

        public Builder interval(Duration value) {
            if (value.toNanos() % 10_000_000 != 0) {
                throw new IllegalArgumentException("(" + name + ") advert_int has a resolution of 10 ms, got " + value);
            }
            intervalCentis = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value.toMillis() / 10));
            return this;
        }

        public Builder preempt(boolean value) {
            preempt = value;
            return this;
        }

        public Builder preemptDelay(Duration value) {
            preemptDelay = value;
            return this;
        }

        public Builder password(String value) {
            authType = AuthType.PASS;
            authData = AuthData.ofPassword(value);
            return this;
        }

        public Builder virtualAddresses(List<InetAddress> value) {
            virtualAddresses = value;
            return this;
        }

        public Builder excludedAddresses(List<InetAddress> value) {
            excludedAddresses = value;
            return this;
        }

        public Builder garp(GarpSettings value) {
            garp = value;
            return this;
        }

        public Builder downTimerAdverts(int value) {
            downTimerAdverts = value;
            return this;
        }

        public Builder lowerPriorityNoAdvert(boolean value) {
            lowerPriorityNoAdvert = value;
            return this;
        }

        public Builder higherPrioritySendAdvert(boolean value) {
            higherPrioritySendAdvert = value;
            return this;
        }

        public Builder v3ChecksumAsV2(boolean value) {
            v3ChecksumAsV2 = value;
            return this;
        }

        public Builder unicast(boolean value) {
            unicast = value;
            return this;
        }

        public VrrpParameters build() {
            return new VrrpParameters(name, vrid, priority, version, IpFamily.of(primaryAddress), intervalCentis,
                    preempt, preemptDelay, authType, authData, virtualAddresses, excludedAddresses, primaryAddress,
                    garp, downTimerAdverts, lowerPriorityNoAdvert, higherPrioritySendAdvert, v3ChecksumAsV2,
                    unicast);
        }
    }
}

package io.jkeepalived.config.model.lvs;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code virtual_server_group}: address ranges (a single address is a range of one) and firewall marks, each
 * kept in the order written. Every virtual server naming the group gets one IPVS service per address (times
 * port) and per mark.
 */
public record VirtualServerGroup(String name, List<AddressRange> ranges, List<FwmarkEntry> fwmarks) {
    public VirtualServerGroup {
        Objects.requireNonNull(name, "name");
        ranges = List.copyOf(ranges);
        fwmarks = List.copyOf(fwmarks);
        if (ranges.isEmpty() && fwmarks.isEmpty()) {
            throw new IllegalArgumentException("an empty virtual_server_group");
        }
    }

    public boolean hasFamily(IpFamily family) {
        return ranges.stream().anyMatch(r -> IpFamily.of(r.first()) == family)
                || fwmarks.stream().anyMatch(f -> f.family().equals(Optional.of(family)));
    }

    /** Any fwmark entry without {@code inet}/{@code inet6}. */
    public boolean hasFwmarkWithoutFamily() {
        return fwmarks.stream().anyMatch(f -> f.family().isEmpty());
    }

    /**
     * Addresses {@code first} to {@code last} inclusive (same family, first <= last) with one port; port 0 when
     * none was written (then the virtual server must be persistent).
     */
    public record AddressRange(InetAddress first, InetAddress last, int port) {
        public AddressRange {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (IpFamily.of(first) != IpFamily.of(last)) {
                throw new IllegalArgumentException("range " + first + "-" + last + " mixes families");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
        }

        public boolean single() {
            return first.equals(last);
        }
    }

    /** {@code fwmark N [inet|inet6]}; the family is only needed when every real server is tunnelled. */
    public record FwmarkEntry(long mark, Optional<IpFamily> family) {
        public FwmarkEntry {
            Objects.requireNonNull(family, "family");
            if (mark < 1 || mark > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fwmark " + mark);
            }
        }
    }
}

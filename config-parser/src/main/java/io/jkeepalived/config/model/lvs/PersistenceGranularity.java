package io.jkeepalived.config.model.lvs;

import java.net.Inet4Address;
import java.util.Objects;

/** {@code persistence_granularity}: an IPv4 netmask, or an IPv6 prefix length (IPVS's "netmask" attribute). */
public sealed interface PersistenceGranularity {

    /** The value IPVS takes: the mask in network order as an unsigned 32-bit number, or the prefix length. */
    long kernelValue();

    /** An IPv4 netmask; keepalived and the kernel allow a non-contiguous one. */
    record Ipv4Netmask(Inet4Address mask) implements PersistenceGranularity {
        public Ipv4Netmask {
            Objects.requireNonNull(mask, "mask");
        }

        @Override
        public long kernelValue() {
            byte[] b = mask.getAddress();
            return (b[0] & 0xFFL) << 24 | (b[1] & 0xFFL) << 16 | (b[2] & 0xFFL) << 8 | b[3] & 0xFFL;
        }
    }

    /** An IPv6 prefix length, 1 to 128. */
    record Ipv6PrefixLength(int length) implements PersistenceGranularity {
        public Ipv6PrefixLength {
            if (length < 1 || length > 128) {
                throw new IllegalArgumentException("prefix length " + length);
            }
        }

        @Override
        public long kernelValue() {
            return length;
        }
    }
}

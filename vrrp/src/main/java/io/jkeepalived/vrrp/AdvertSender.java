package io.jkeepalived.vrrp;

/**
 * Sends an advert. The implementation (raw socket layer) owns the IP side: source address
 * (VRRPv3/IPv6: the link-local one), destination (224.0.0.18, ff02::12 or unicast peers), TTL 255,
 * and so the checksum: it encodes with {@link AdvertisementCodec}. Must not block.
 */
@FunctionalInterface
public interface AdvertSender {
    void send(Advertisement advertisement);
}

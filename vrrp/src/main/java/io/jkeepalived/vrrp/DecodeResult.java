package io.jkeepalived.vrrp;

/** Outcome of {@link AdvertisementCodec#decode}: the fields, or why the bytes are not an advert. */
public sealed interface DecodeResult {

    /** Well-formed bytes; {@code checksum} is the checksum field as received (not yet verified). */
    record Decoded(Advertisement advertisement, int checksum) implements DecodeResult {
    }

    /** Bytes that are not an advertisement; {@code detail} names the offending field and value. */
    record Malformed(DropReason reason, String detail) implements DecodeResult {
    }
}

package io.jkeepalived.rtnl;

import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer address (a MAC for Ethernet), printed as ip(8) does: 02:00:5e:00:01:33. */
public final class HardwareAddress {

    private final byte[] bytes;

    public HardwareAddress(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** Parses "aa:bb:cc:dd:ee:ff". */
    public static HardwareAddress parse(String text) {
        String[] parts = text.split(":");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("not a hardware address: " + text);
            }
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new HardwareAddress(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareAddress h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}

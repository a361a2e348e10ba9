package io.jkeepalived.vrrp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 8 authentication bytes that close a VRRPv2 advert. For PASS they are the password's first
 * 8 bytes, zero padded (keepalived truncates a longer auth_pass with a warning); for NONE they are
 * zero. Immutable; {@link #toString()} never shows the secret.
 */
public final class AuthData {
    public static final int LENGTH = 8;
    public static final AuthData ZERO = new AuthData(new byte[LENGTH]);

    private final byte[] bytes;

    private AuthData(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The first 8 bytes of the password's UTF-8 encoding, zero padded. */
    public static AuthData ofPassword(String password) {
        byte[] raw = password.getBytes(StandardCharsets.UTF_8);
        return new AuthData(Arrays.copyOf(raw, LENGTH));
    }

    /** Exactly 8 bytes, as read from the wire. */
    public static AuthData ofBytes(byte[] wire) {
        if (wire.length != LENGTH) {
            throw new IllegalArgumentException("auth data is " + LENGTH + " bytes, got " + wire.length);
        }
        return new AuthData(wire.clone());
    }

    static AuthData read(byte[] buf, int off) {
        return new AuthData(Arrays.copyOfRange(buf, off, off + LENGTH));
    }

    void writeTo(byte[] buf, int off) {
        System.arraycopy(bytes, 0, buf, off, LENGTH);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Constant-time comparison with the 8 bytes at {@code buf[off]}: a mismatch position must not leak. */
    boolean matches(byte[] buf, int off) {
        int diff = 0;
        for (int i = 0; i < LENGTH; i++) {
            diff |= bytes[i] ^ buf[off + i];
        }
        return diff == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthData other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return equals(ZERO) ? "AuthData[zero]" : "AuthData[8 bytes]";
    }
}

package io.jkeepalived.config.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * VRRPv2 authentication ({@code authentication { auth_type ...; auth_pass ... }}).
 *
 * @param type     PASS (simple text password) or AH (IPsec authentication header)
 * @param password at most 8 bytes; keepalived puts it, zero-padded, in the advert's authentication data
 */
public record Authentication(Type type, String password) {
    public static final int MAX_PASSWORD_BYTES = 8;

    public enum Type {
        PASS,
        AH
    }

    public Authentication {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
        if (password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password must have 1 to 8 bytes");
        }
    }

    /** The 8 bytes of the advert's authentication data: the password, zero-padded. */
    public byte[] authData() {
        byte[] data = new byte[MAX_PASSWORD_BYTES];
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(pass, 0, data, 0, pass.length);
        return data;
    }
}

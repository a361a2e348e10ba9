package io.jkeepalived.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A VRRP virtual MAC interface ({@code use_vmac [NAME] [MAC]}), a macvlan keepalived creates on the
 * instance's interface.
 *
 * @param interfaceName the macvlan's name; empty means keepalived's generated {@code vrrp.VRID}
 * @param macAddress    the MAC as written (5 octets means the VRID is the 6th); empty means 00:00:5e:00:01:VRID
 */
public record Vmac(Optional<String> interfaceName, Optional<String> macAddress) {
    public Vmac {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(macAddress, "macAddress");
    }
}

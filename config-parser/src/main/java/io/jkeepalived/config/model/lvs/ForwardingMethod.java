package io.jkeepalived.config.model.lvs;

import java.util.Objects;

/**
 * How IPVS forwards to a real (or sorry) server: {@code lvs_method NAT|DR|TUN [type ipip|gue port N|gre]
 * [nocsum|csum|remcsum]}. The tunnel fields only mean something for {@link Kind#TUN}; for NAT and DR they are
 * always the defaults (ipip, port 0, nocsum) so that equal methods compare equal.
 *
 * @param tunnelPort the GUE destination port, 0 unless the tunnel type is GUE
 */
public record ForwardingMethod(Kind kind, TunnelType tunnelType, int tunnelPort, TunnelChecksum checksum) {
    public static final ForwardingMethod NAT = new ForwardingMethod(Kind.NAT, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);
    public static final ForwardingMethod DR = new ForwardingMethod(Kind.DR, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);
    public static final ForwardingMethod TUN = new ForwardingMethod(Kind.TUN, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);

    public ForwardingMethod {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tunnelType, "tunnelType");
        Objects.requireNonNull(checksum, "checksum");
        if (kind != Kind.TUN && (tunnelType != TunnelType.IPIP || tunnelPort != 0 || checksum != TunnelChecksum.NOCSUM)) {
            throw new IllegalArgumentException("tunnel options need TUN forwarding");
        }
        if ((tunnelType == TunnelType.GUE) != (tunnelPort != 0) || tunnelPort < 0 || tunnelPort > 65535) {
            throw new IllegalArgumentException("a GUE tunnel needs a port 1-65535, other tunnels none");
        }
        if (tunnelType == TunnelType.IPIP && checksum != TunnelChecksum.NOCSUM
                || tunnelType == TunnelType.GRE && checksum == TunnelChecksum.REMCSUM) {
            throw new IllegalArgumentException(tunnelType + " tunnels do not take " + checksum);
        }
    }

    public static ForwardingMethod tunnel(TunnelType type, int port, TunnelChecksum checksum) {
        return new ForwardingMethod(Kind.TUN, type, port, checksum);
    }

    /** The forwarding method proper. */
    public enum Kind {
        /** Masquerading (IP_VS_CONN_F_MASQ). */
        NAT,
        /** Direct routing (IP_VS_CONN_F_DROUTE). */
        DR,
        /** Tunnelling (IP_VS_CONN_F_TUNNEL). */
        TUN
    }

    /** Tunnel encapsulation; the word is the lower-case name. */
    public enum TunnelType {
        IPIP, GUE, GRE
    }

    /** Tunnel checksum option; the word is the lower-case name. */
    public enum TunnelChecksum {
        NOCSUM, CSUM, REMCSUM
    }
}

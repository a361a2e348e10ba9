package io.jkeepalived.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;

import io.jkeepalived.libc.Libc;

/**
 * A real server (IPVS destination) of a virtual service: keepalived's {@code real_server} block.
 *
 * @param address        the server's address
 * @param port           its port (0 for fwmark services without a port)
 * @param method         forwarding method (lvs_method NAT/DR/TUN)
 * @param weight         scheduling weight; 0 takes the server out of new scheduling (inhibit_on_failure)
 * @param upperThreshold connection limit (uthreshold), 0 for none
 * @param lowerThreshold re-admission threshold (lthreshold), 0 for none
 * @param tunnelType     encapsulation for TUNNEL (IPIP unless set)
 * @param tunnelPort     GUE destination port, 0 otherwise
 * @param tunnelFlags    IP_VS_TUNNEL_ENCAP_FLAG_* for GUE/GRE
 */
public record RealServerDest(InetAddress address, int port, ForwardingMethod method, int weight, int upperThreshold,
        int lowerThreshold, TunnelType tunnelType, int tunnelPort, int tunnelFlags) {

    public RealServerDest {
        if (address == null || method == null || tunnelType == null) {
            throw new IllegalArgumentException("address, method and tunnel type are required");
        }
        if (port < 0 || port > 65535 || tunnelPort < 0 || tunnelPort > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535");
        }
        if (weight < 0 || upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("weight and thresholds must not be negative");
        }
        if (tunnelFlags < 0 || tunnelFlags > 0xffff) {
            throw new IllegalArgumentException("tunnel flags out of range");
        }
    }

    /** A destination without thresholds or tunnel options. */
    public static RealServerDest of(InetAddress address, int port, ForwardingMethod method, int weight) {
        return new RealServerDest(address, port, method, weight, 0, 0, TunnelType.IPIP, 0, 0);
    }

    public RealServerDest withWeight(int newWeight) {
        return new RealServerDest(address, port, method, newWeight, upperThreshold, lowerThreshold, tunnelType,
                tunnelPort, tunnelFlags);
    }

    public RealServerDest withThresholds(int upper, int lower) {
        return new RealServerDest(address, port, method, weight, upper, lower, tunnelType, tunnelPort, tunnelFlags);
    }

    public RealServerDest withTunnel(TunnelType type, int port, int flags) {
        return new RealServerDest(address, this.port, method, weight, upperThreshold, lowerThreshold, type, port,
                flags);
    }

    /** AF_INET or AF_INET6, from the address. */
    public int family() {
        return address instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
    }

    /** What the kernel identifies a destination by within its service. */
    public boolean sameServer(RealServerDest other) {
        return other != null && address.equals(other.address) && port == other.port;
    }

    /** "10.0.0.1:80" or "[2001:db8::1]:80": what the kernel identifies it by within its service. */
    public String describe() {
        return IpvsText.endpoint(address, port);
    }

    /** "10.0.0.1:80 DR weight 1", then thresholds and tunnel settings when set. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(describe()).append(' ').append(method.keepalivedName())
                .append(" weight ").append(weight);
        if (upperThreshold != 0 || lowerThreshold != 0) {
            s.append(" uthreshold ").append(upperThreshold).append(" lthreshold ").append(lowerThreshold);
        }
        if (method == ForwardingMethod.TUNNEL && (tunnelType != TunnelType.IPIP || tunnelPort != 0
                || tunnelFlags != 0)) {
            s.append(" tunnel ").append(tunnelType.name().toLowerCase(java.util.Locale.ROOT));
            if (tunnelPort != 0) {
                s.append(" port ").append(tunnelPort);
            }
            s.append(" flags ").append(tunnelFlags);
        }
        return s.toString();
    }
}

package io.jkeepalived.ipvs;

/**
 * Connection timeouts in seconds ({@code ipvsadm --set tcp tcpfin udp}). When setting, 0 leaves a value
 * unchanged.
 */
public record IpvsTimeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {

    public IpvsTimeouts {
        if (tcpSeconds < 0 || tcpFinSeconds < 0 || udpSeconds < 0) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }
}

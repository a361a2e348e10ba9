package io.jkeepalived.ipvs;

/** A service as the kernel reports it: its configuration and its statistics. */
public record ServiceEntry(VirtualService service, IpvsStats stats) {
}

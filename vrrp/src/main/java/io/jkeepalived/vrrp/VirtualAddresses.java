package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.List;

/**
 * Adds and removes an instance's virtual addresses. The implementation (VIP manager over rtnetlink)
 * maps each address to its full configured form (prefix, device, label, scope). Must not block.
 */
public interface VirtualAddresses {
    void add(List<InetAddress> addresses);

    void remove(List<InetAddress> addresses);
}

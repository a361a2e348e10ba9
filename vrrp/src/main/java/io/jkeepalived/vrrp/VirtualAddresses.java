package io.jkeepalived.vrrp;

import java.net.InetAddress;
import java.util.List;

/**
 * Adds and removes an instance's virtual addresses. The implementation (VIP manager over rtnetlink)
 * maps each address to its full configured form (prefix, device, label, scope). Must not block.
 */
public interface VirtualAddresses {
    /**
     * Adds the addresses. They must be on their interfaces when this returns (their gratuitous ARPs
     * follow at once); reporting what the kernel answered may wait until {@link #settle()}.
     */
    void add(List<InetAddress> addresses);

    void remove(List<InetAddress> addresses);

    /**
     * Reports (logs) the outcome of the adds since the last call. A new master calls it once its
     * gratuitous ARPs are out, so that nothing but the kernel stands between its advert and them.
     */
    default void settle() {
    }
}

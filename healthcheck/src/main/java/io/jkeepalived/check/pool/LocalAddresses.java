package io.jkeepalived.check.pool;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * The director's own addresses, as the kernel announces them: what {@code ha_suspend} watches. Production:
 * rtnetlink (a dump, then RTM_NEWADDR / RTM_DELADDR notifications); tests feed a {@link Listener} directly.
 */
public interface LocalAddresses extends AutoCloseable {

    /** An address on an interface (the same address on two interfaces is two of them, as keepalived counts). */
    record LocalAddress(int ifIndex, InetAddress address) {
        public LocalAddress {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Hears the addresses; called from one thread at a time. */
    interface Listener {
        /** Every address now: at start, and again whenever notifications were lost. */
        void reset(Set<LocalAddress> all);

        void added(LocalAddress address);

        void removed(LocalAddress address);
    }

    /** Lists the addresses ({@link Listener#reset} before this returns), then reports changes until closed. */
    void start(Listener listener) throws IOException;

    @Override
    void close();
}

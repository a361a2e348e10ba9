package io.jkeepalived.rtnl;

/** A change the kernel announced on the rtnetlink link and address groups. */
public sealed interface RtnlEvent {

    enum Change { NEW, DELETED }

    /**
     * A link appeared, changed (state, flags, name: also NEW), or disappeared.
     */
    record LinkEvent(Change change, Link link) implements RtnlEvent {
    }

    /** An address was added (or updated) or removed, by us or by anyone else. */
    record AddressEvent(Change change, InterfaceAddress address) implements RtnlEvent {
    }

    /**
     * The kernel dropped notifications because the socket's queue overflowed (ENOBUFS). State derived from
     * events is now stale: list links and addresses again.
     */
    record EventsLost() implements RtnlEvent {
    }
}

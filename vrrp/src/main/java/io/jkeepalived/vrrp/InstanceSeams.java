package io.jkeepalived.vrrp;

import java.util.Objects;

/** Everything a {@link VrrpInstance} does to the world, in one bundle. */
public record InstanceSeams(AdvertSender adverts, VirtualAddresses addresses, Announcer announcer,
                            StateListener listener, MasterGate gate) {
    public InstanceSeams {
        Objects.requireNonNull(adverts, "adverts");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(announcer, "announcer");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(gate, "gate");
    }

    /** Seams of an instance outside any sync group. */
    public InstanceSeams(AdvertSender adverts, VirtualAddresses addresses, Announcer announcer,
                         StateListener listener) {
        this(adverts, addresses, announcer, listener, MasterGate.ALWAYS);
    }
}

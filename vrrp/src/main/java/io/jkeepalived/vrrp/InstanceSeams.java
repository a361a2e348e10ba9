package io.jkeepalived.vrrp;

import java.util.Objects;

/** Everything a {@link VrrpInstance} does to the world, in one bundle. */
public record InstanceSeams(AdvertSender adverts, VirtualAddresses addresses, Announcer announcer,
                            StateListener listener) {
    public InstanceSeams {
        Objects.requireNonNull(adverts, "adverts");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(announcer, "announcer");
        Objects.requireNonNull(listener, "listener");
    }
}

package io.jkeepalived.config;

import java.util.Objects;

/**
 * What a parse needs to know about the running host.
 *
 * @param configId the id that {@code @ID} conditional lines are matched against ({@code -i}; keepalived's
 *                 default is the short host name)
 */
public record ParseOptions(String configId) {
    public ParseOptions {
        Objects.requireNonNull(configId, "configId");
    }
}

package io.jkeepalived.config.model.lvs;

import io.jkeepalived.config.model.ScriptCommand;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code real_server}, effective: values it does not set come from its virtual server.
 *
 * @param port             the port IPVS gets: for DR and TUN keepalived forces the virtual port (0 for fwmark
 *                         services); for NAT the written one, or the virtual port when none was written
 * @param weight           0 to 2147483647; the virtual server's {@code weight} (default 1) unless set
 * @param inhibitOnFailure on failure set the weight to 0 instead of removing the server
 * @param alpha            default for the checkers' alpha
 * @param checkDefaults    timings passed on to the checkers
 * @param upperThreshold   {@code uthreshold}, maximum connections, 0 for no limit
 * @param lowerThreshold   {@code lthreshold}, 0 for none
 * @param smtpAlert        mail on state change (keepalived's default for real servers is yes)
 * @param virtualhost      Host name for HTTP checkers: its own, else the virtual server's
 * @param checkers         in the order written; none means always up
 */
public record RealServer(InetAddress address, int port, int weight, ForwardingMethod forwardingMethod,
                         boolean inhibitOnFailure, boolean alpha, CheckDefaults checkDefaults, long upperThreshold,
                         long lowerThreshold, Optional<ScriptCommand> notifyUp, Optional<ScriptCommand> notifyDown,
                         boolean smtpAlert, Optional<String> virtualhost, List<Checker> checkers) {
    public RealServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwardingMethod, "forwardingMethod");
        Objects.requireNonNull(checkDefaults, "checkDefaults");
        Objects.requireNonNull(notifyUp, "notifyUp");
        Objects.requireNonNull(notifyDown, "notifyDown");
        Objects.requireNonNull(virtualhost, "virtualhost");
        checkers = List.copyOf(checkers);
        if (port < 0 || port > 65535 || weight < 0) {
            throw new IllegalArgumentException("port " + port + ", weight " + weight);
        }
    }
}

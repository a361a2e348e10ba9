package io.jkeepalived.config.bind;

import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.model.ScriptCommand;
import io.jkeepalived.config.model.lvs.Checker;
import io.jkeepalived.config.model.lvs.CheckerSettings;
import io.jkeepalived.config.model.lvs.Connection;
import io.jkeepalived.config.model.lvs.ForwardingMethod;
import io.jkeepalived.config.model.lvs.IpFamily;
import io.jkeepalived.config.model.lvs.PersistenceGranularity;
import io.jkeepalived.config.model.lvs.Protocol;
import io.jkeepalived.config.model.lvs.Scheduler;
import io.jkeepalived.config.model.lvs.SchedulerFlag;
import io.jkeepalived.config.model.lvs.VirtualServerGroup;
import io.jkeepalived.config.model.lvs.VirtualServerId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * What the LVS binder collects while reading, before defaults, inheritance and cross-checks. A {@code null}
 * field means "not written", which matters because keepalived's defaults depend on the level that set a
 * value. Mutable on purpose, and never leaves this package.
 */
final class LvsDrafts {
    private LvsDrafts() {
    }

    static final class GroupDraft {
        final SourceLocation location;
        final String name;
        final List<VirtualServerGroup.AddressRange> ranges = new ArrayList<>();
        final List<VirtualServerGroup.FwmarkEntry> fwmarks = new ArrayList<>();

        GroupDraft(SourceLocation location, String name) {
            this.location = location;
            this.name = name;
        }
    }

    static final class SslDraft {
        String password;
        String caFile;
        String certificateFile;
        String keyFile;
    }

    static final class VirtualServerDraft {
        final SourceLocation location;
        final VirtualServerId id;
        /** What the operator wrote after {@code virtual_server}, for messages. */
        final String written;
        IpFamily family;
        Protocol protocol;
        Scheduler scheduler;
        final EnumSet<SchedulerFlag> flags = EnumSet.noneOf(SchedulerFlag.class);
        boolean onePacket;
        ForwardingMethod method;
        Duration persistenceTimeout;
        PersistenceGranularity granularity;
        String persistenceEngine;
        boolean haSuspend;
        String virtualhost;
        boolean alpha;
        boolean omega;
        long quorum = 1;
        long hysteresis;
        ScriptCommand quorumUp;
        ScriptCommand quorumDown;
        boolean inhibit;
        Boolean smtpAlert;
        int weight = 1;
        Duration delayLoop = io.jkeepalived.config.model.lvs.CheckDefaults.DEFAULT_DELAY_LOOP;
        Duration connectTimeout = io.jkeepalived.config.model.lvs.CheckDefaults.DEFAULT_CONNECT_TIMEOUT;
        Long retry;
        Duration delayBeforeRetry;
        Duration warmup;
        SorryDraft sorry;
        final List<RealServerDraft> realServers = new ArrayList<>();

        VirtualServerDraft(SourceLocation location, VirtualServerId id, String written) {
            this.location = location;
            this.id = id;
            this.written = written;
        }

        boolean isFwmark() {
            return id instanceof VirtualServerId.Fwmark;
        }

        boolean isGroup() {
            return id instanceof VirtualServerId.Group;
        }

        /** {@code virtual_server ...} as written, to name it in messages. */
        String describe() {
            return "virtual_server " + written;
        }
    }

    static final class SorryDraft {
        final SourceLocation location;
        final InetAddress address;
        int port;
        /** The virtual server's method when {@code sorry_server} was read, or its own {@code sorry_server_lvs_method}. */
        ForwardingMethod method;
        boolean inhibit;

        SorryDraft(SourceLocation location, InetAddress address, int port, ForwardingMethod method) {
            this.location = location;
            this.address = address;
            this.port = port;
            this.method = method;
        }
    }

    static final class RealServerDraft {
        final SourceLocation location;
        final InetAddress address;
        /** The port as written (0 for none): keepalived's checkers connect to it whatever IPVS gets. */
        final int writtenPort;
        int port;
        Integer weight;
        /** The virtual server's method when {@code real_server} was read, or its own {@code lvs_method}. */
        ForwardingMethod method;
        Boolean inhibit;
        Boolean alpha;
        Duration delayLoop;
        Duration connectTimeout;
        Long retry;
        Duration delayBeforeRetry;
        Duration warmup;
        long upperThreshold;
        long lowerThreshold;
        ScriptCommand notifyUp;
        ScriptCommand notifyDown;
        Boolean smtpAlert;
        String virtualhost;
        final List<CheckerDraft> checkers = new ArrayList<>();

        RealServerDraft(SourceLocation location, InetAddress address, int port, ForwardingMethod method) {
            this.location = location;
            this.address = address;
            this.writtenPort = port;
            this.port = port;
            this.method = method;
        }

        String describe() {
            return "real_server " + Values.formatAddress(address) + (writtenPort == 0 ? "" : " " + writtenPort);
        }
    }

    /** Builds the checker record once its settings and connection are resolved. */
    interface CheckerFactory {
        Checker build(Resolved resolved);
    }

    /**
     * What a checker inherits, resolved.
     *
     * @param settings     null for FILE_CHECK and BFD_CHECK
     * @param connection   null for checkers without connection options
     * @param virtualhost  the real server's effective virtualhost
     * @param vsDelayLoop  MISC_CHECK's timeout default
     * @param alpha        the effective alpha (BFD_CHECK keeps one too)
     */
    record Resolved(CheckerSettings settings, Connection connection, Optional<String> virtualhost,
                    Duration vsDelayLoop, boolean alpha) {
    }

    static final class CheckerDraft {
        final String keyword;
        final SourceLocation location;
        /** Retry when no level sets one: 1, MISC_CHECK 0, DNS_CHECK 3. */
        long defaultRetry = 1;
        /** delay_before_retry when no level sets one; null: the checker's delay_loop (DNS_CHECK). */
        Duration defaultDelayBeforeRetry = Values.seconds(1);
        final boolean scheduled;
        final boolean network;
        Boolean alpha;
        Long retry;
        Duration delayLoop;
        Duration delayBeforeRetry;
        Duration warmup;
        boolean logAllFailures;
        InetAddress connectIp;
        Integer connectPort;
        InetAddress bindTo;
        int bindPort;
        String bindInterface;
        Duration connectTimeout;
        long fwmark;
        CheckerFactory factory;

        CheckerDraft(String keyword, SourceLocation location, boolean scheduled, boolean network) {
            this.keyword = keyword;
            this.location = location;
            this.scheduled = scheduled;
            this.network = network;
        }
    }
}

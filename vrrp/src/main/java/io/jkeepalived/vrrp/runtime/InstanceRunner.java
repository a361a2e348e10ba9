package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.UnicastPeer;
import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.vrrp.AdvertSender;
import io.jkeepalived.vrrp.Advertisement;
import io.jkeepalived.vrrp.AdvertisementCodec;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.InboundPacket;
import io.jkeepalived.vrrp.Ipv4Header;
import io.jkeepalived.vrrp.RateLimitedLog;
import io.jkeepalived.vrrp.StateChange;
import io.jkeepalived.vrrp.StateListener;
import io.jkeepalived.vrrp.VrrpInstance;
import io.jkeepalived.vrrp.VrrpParameters;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.net.VrrpSocket;
import io.jkeepalived.vrrp.track.TrackedObjects;
import io.jkeepalived.vrrp.vip.VipManager;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured vrrp_instance at run time: its state machine, the socket it sends on, where it sends
 * (the multicast group or each unicast peer), what it tracks, and its sync group. Owned by the event
 * loop.
 */
final class InstanceRunner implements AdvertSender, StateListener, io.jkeepalived.vrrp.MasterGate {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRunner.class);

    // A reload may give a persisting instance a new model, parameters and tracking (never a new interface,
    // family, VRID or destination: see VirtualRouterKey).
    io.jkeepalived.config.model.VrrpInstance model;
    VrrpParameters params;
    final String interfaceName;
    final VirtualRouterKey key;
    TrackedObjects tracked = new TrackedObjects();
    private final VrrpScheduler clock;
    private final VrrpSocket socket;
    private List<InetAddress> destinations;
    private int ttl;
    private String tag;
    private final RateLimitedLog<String> sendFailures = new RateLimitedLog<>(Duration.ofSeconds(60));
    private final RateLimitedLog<DropReason> peerLog = new RateLimitedLog<>(Duration.ofSeconds(60));
    private final Notifier notifier;
    private VrrpInstance instance;
    SyncGroupRunner group;
    /** The instance's virtual addresses and their announcer (set once, when the runtime builds it). */
    VipManager vips;
    /** The addresses as the state machine sees them: {@link #vips} plus, in no_accept mode, the drop rule. */
    io.jkeepalived.vrrp.vip.FirewalledAddresses addresses;
    InstanceAnnouncer announcer;
    boolean started;
    private long sendErrors;
    /** The last state change and when (the loop's clock), for status reports; null before the first. */
    StateChange lastChange;
    long lastChangeAt;
    /** When it last became MASTER (the loop's clock). */
    long masterSince;

    InstanceRunner(io.jkeepalived.config.model.VrrpInstance model, VrrpParameters params, String interfaceName,
                   VrrpSocket socket, VrrpScheduler clock, Notifier notifier) {
        this.interfaceName = interfaceName;
        this.key = VirtualRouterKey.of(model, interfaceName, params);
        this.socket = socket;
        this.clock = clock;
        this.notifier = notifier;
        configure(model, params);
    }

    /** A reload's model and parameters for this same virtual router (on the event loop). */
    void configure(io.jkeepalived.config.model.VrrpInstance model, VrrpParameters params) {
        this.model = model;
        this.params = params;
        this.tag = "(" + model.name() + ") ";
        if (model.unicast()) {
            this.destinations = model.unicastPeers().stream().map(UnicastPeer::address).toList();
            this.ttl = model.unicastTtl().orElse(Ipv4Header.VRRP_TTL);
        } else {
            this.destinations = List.of(model.multicastGroup().orElseThrow());
            this.ttl = Ipv4Header.VRRP_TTL;
        }
    }

    @Override
    public boolean mayBecomeMaster(VrrpInstance instance) {
        // Through the runner, so that a reload can move the instance into or out of a sync group.
        return group == null || group.mayBecomeMaster(instance);
    }

    void attach(VrrpInstance instance) {
        this.instance = instance;
    }

    VrrpInstance instance() {
        return instance;
    }

    String name() {
        return model.name();
    }

    /** The multicast group adverts go to, or null for a unicast instance. */
    InetAddress group() {
        return model.unicast() ? null : destinations.get(0);
    }

    /** Its own tracked objects put it in FAULT (its sync group aside). */
    boolean ownFault() {
        return tracked.fault();
    }

    // ------------------------------------------------------------ AdvertSender

    @Override
    public void send(Advertisement advertisement) {
        for (InetAddress to : destinations) {
            byte[] message = AdvertisementCodec.encode(advertisement, params.primaryAddress(), to,
                    params.v3ChecksumAsV2());
            try {
                socket.send(message, params.primaryAddress(), to, ttl);
            } catch (LinuxException e) {
                sendErrors++;
                sendFailures.admit(e.errno().name(), clock.nanoTime(), tag + "cannot send advert to "
                        + to.getHostAddress() + " on " + interfaceName + ": " + e.errno()).ifPresent(LOG::warn);
            }
        }
    }

    /**
     * Encodes our advert and runs its send to the kernel's refusal ({@link VrrpSocket#rehearseSend}: nothing
     * leaves), {@code rounds} times, so that the first advert, in a backup's first takeover, is not the first run of
     * that code (measured: 1-2.7 ms from the master down timer to the advert in a fresh daemon's first takeover,
     * 0.1-0.3 ms in later ones).
     */
    void prepare(int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (InetAddress to : destinations) {
                byte[] message = AdvertisementCodec.encode(params.advertisement(params.priority()),
                        params.primaryAddress(), to, params.v3ChecksumAsV2());
                socket.rehearseSend(message, params.primaryAddress(), to, ttl);
            }
        }
    }

    long sendErrors() {
        return sendErrors;
    }

    // ------------------------------------------------------------ receive

    void receive(InboundPacket packet) {
        if (model.unicast() && model.checkUnicastSrc() && !fromPeer(packet)) {
            instance.drops().record(DropReason.UNKNOWN_PEER);
            peerLog.admit(DropReason.UNKNOWN_PEER, clock.nanoTime(), tag + "dropped advert from "
                    + source(packet).getHostAddress() + ": not a unicast_peer (or outside its TTL range)")
                    .ifPresent(LOG::info);
            return;
        }
        instance.receive(packet);
    }

    private boolean fromPeer(InboundPacket packet) {
        InetAddress from = source(packet);
        int hops = packet.family() == io.jkeepalived.vrrp.IpFamily.IPV4
                ? (packet.bytes().length > 8 ? packet.bytes()[8] & 0xff : -1) : packet.hopLimit();
        for (UnicastPeer peer : model.unicastPeers()) {
            if (peer.address().equals(from)) {
                return hops < 0 || (hops >= peer.minTtl() && hops <= peer.maxTtl());
            }
        }
        return false;
    }

    static InetAddress source(InboundPacket packet) {
        if (packet.source() != null) {
            return packet.source();
        }
        byte[] b = packet.bytes();
        try {
            return b.length >= 16 ? InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]})
                    : InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------ StateListener

    @Override
    public void stateChanged(StateChange change) {
        lastChange = change;
        lastChangeAt = clock.nanoTime();
        if (change.to() == io.jkeepalived.vrrp.VrrpState.MASTER) {
            masterSince = lastChangeAt;
        }
        if (change.cause() == io.jkeepalived.vrrp.TransitionCause.REMOVED) {
            // keepalived 2.2.7 without notify_deleted reports a removed instance as FAULT, unless it was in FAULT.
            if (change.from() != io.jkeepalived.vrrp.VrrpState.FAULT) {
                notifier.instanceChanged(model.name(), model.notifyScripts(), io.jkeepalived.vrrp.VrrpState.FAULT,
                        change.priority(), model.smtpAlert());
            }
            return;
        }
        if (group != null && change.from() == io.jkeepalived.vrrp.VrrpState.INIT) {
            group.memberStarting(change.to());
        }
        notifier.instanceChanged(model.name(), model.notifyScripts(), change.to(), change.priority(),
                model.smtpAlert());
        if (group != null) {
            group.memberChanged(this, change);
        }
    }

    @Override
    public void priorityChanged(String name, int from, int to) {
        // keepalived's notify_priority_changes reaches the notify FIFOs only.
        if (model.notifyPriorityChanges()) {
            notifier.priorityChanged(model.name(), instance().state(), to);
        }
    }

    @Override
    public void masterReceivedLowerPriority(String name, int priority) {
        notifier.masterReceivedLowerPriority(model.name(), model.notifyScripts(), priority);
    }
}

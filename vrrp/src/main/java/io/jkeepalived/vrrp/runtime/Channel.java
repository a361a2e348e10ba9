package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.libc.LinuxException;
import io.jkeepalived.vrrp.AdvertisementCodec;
import io.jkeepalived.vrrp.DropCounters;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.InboundPacket;
import io.jkeepalived.vrrp.IpFamily;
import io.jkeepalived.vrrp.Ipv4Header;
import io.jkeepalived.vrrp.RateLimitedLog;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.net.VrrpSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP socket (an interface and an address family) and the instances that listen on it: reads a
 * bounded batch per turn of the event loop and hands each packet to the instance of its VRID, which
 * runs the receive checks. What cannot reach an instance (too short to have a VRID, a VRID nobody
 * here runs) is counted here, per reason, and logged rate-limited (another VRID only at debug level,
 * as keepalived).
 */
final class Channel {
    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    /** Packets read per turn: enough to keep up with any sane segment, small enough to keep timers on time. */
    static final int BATCH = 32;

    final VrrpSocket socket;
    final IpFamily family;
    private final VrrpScheduler clock;
    private final Map<Integer, List<InstanceRunner>> byVrid = new HashMap<>();
    private final DropCounters drops = new DropCounters();
    private final RateLimitedLog<DropReason> dropLog = new RateLimitedLog<>(Duration.ofSeconds(60));
    private final RateLimitedLog<String> errorLog = new RateLimitedLog<>(Duration.ofSeconds(60));
    private long received;

    Channel(VrrpSocket socket, IpFamily family, VrrpScheduler clock) {
        this.socket = socket;
        this.family = family;
        this.clock = clock;
    }

    void add(InstanceRunner runner) {
        byVrid.computeIfAbsent(runner.params.vrid(), k -> new ArrayList<>()).add(runner);
    }

    /** A reload removed the instance. */
    void remove(InstanceRunner runner) {
        List<InstanceRunner> list = byVrid.get(runner.params.vrid());
        if (list != null) {
            list.remove(runner);
            if (list.isEmpty()) {
                byVrid.remove(runner.params.vrid());
            }
        }
    }

    boolean isEmpty() {
        return byVrid.isEmpty();
    }

    DropCounters drops() {
        return drops;
    }

    long received() {
        return received;
    }

    void readable() {
        for (int i = 0; i < BATCH; i++) {
            InboundPacket packet;
            try {
                packet = socket.receive();
            } catch (LinuxException e) {
                errorLog.admit(e.errno().name(), clock.nanoTime(), "receive on " + socket.interfaceName()
                        + " failed: " + e.getMessage()).ifPresent(LOG::warn);
                return;
            }
            if (packet == null) {
                return;
            }
            received++;
            dispatch(packet);
        }
    }

    void dispatch(InboundPacket packet) {
        byte[] b = packet.bytes();
        int off = 0;
        if (family == IpFamily.IPV4) {
            if (b.length < Ipv4Header.MIN_LENGTH || (b[0] & 0x0f) * 4 < Ipv4Header.MIN_LENGTH) {
                drop(DropReason.NOT_VRRP, packet, "datagram of " + b.length + " bytes without a sound IPv4 header");
                return;
            }
            off = (b[0] & 0x0f) * 4;
        }
        if (b.length < off + AdvertisementCodec.HEADER_LENGTH) {
            drop(DropReason.TRUNCATED, packet, "VRRP part of " + Math.max(0, b.length - off)
                    + " bytes is shorter than the " + AdvertisementCodec.HEADER_LENGTH + "-byte header");
            return;
        }
        int vrid = b[off + 1] & 0xff;
        List<InstanceRunner> runners = byVrid.get(vrid);
        if (runners == null) {
            drops.record(DropReason.OTHER_VRID);
            LOG.debug("VRRP packet on {} for VRID {}, which no instance here runs", socket.interfaceName(), vrid);
            return;
        }
        InstanceRunner target = runners.get(0);
        if (runners.size() > 1) {
            InetAddress destination = destination(packet);
            for (InstanceRunner r : runners) {
                InetAddress group = r.group();
                if (group == null ? !destination.isMulticastAddress() : group.equals(destination)) {
                    target = r;
                    break;
                }
            }
        }
        target.receive(packet);
    }

    private static InetAddress destination(InboundPacket packet) {
        if (packet.destination() != null) {
            return packet.destination();
        }
        byte[] b = packet.bytes();
        try {
            return InetAddress.getByAddress(new byte[] {b[16], b[17], b[18], b[19]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drop(DropReason reason, InboundPacket packet, String detail) {
        drops.record(reason);
        String from = packet.source() != null ? " from " + packet.source().getHostAddress()
                : packet.bytes().length >= Ipv4Header.MIN_LENGTH ? " from " + InstanceRunner.source(packet).getHostAddress()
                : "";
        dropLog.admit(reason, clock.nanoTime(), "dropped packet on " + socket.interfaceName() + from + " ("
                + reason.key() + "): " + detail).ifPresent(LOG::info);
    }
}

package io.jkeepalived.vrrp.net;

import io.jkeepalived.vrrp.RateLimitedLog;
import io.jkeepalived.vrrp.VrrpScheduler;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spaces gratuitous ARPs and unsolicited neighbour advertisements on each interface
 * (vrrp_garp_interval, vrrp_gna_interval): with an interval of zero every frame goes at once, as
 * keepalived's default; otherwise frames queue per interface and family and leave one per interval.
 * Runs on the event loop; never blocks (a send that fails is logged, rate-limited, and dropped).
 */
public final class AnnouncePacer {
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncePacer.class);

    private record Frame(byte[] bytes, int ethertype, byte[] destinationMac, InetAddress address) {
    }

    private record LaneKey(int ifIndex, boolean ipv6) {
    }

    private final class Lane {
        final LaneKey key;
        final ArrayDeque<Frame> queue = new ArrayDeque<>();
        /** When the next frame may leave (System.nanoTime() scale; compared by difference, never absolutely). */
        long nextFree;
        VrrpScheduler.Timer timer;

        Lane(LaneKey key, long now) {
            this.key = key;
            this.nextFree = now;
        }
    }

    private final VrrpScheduler scheduler;
    private final FrameSender sender;
    private final long garpIntervalNanos;
    private final long gnaIntervalNanos;
    private final Map<LaneKey, Lane> lanes = new HashMap<>();
    private final RateLimitedLog<Integer> failures = new RateLimitedLog<>(Duration.ofSeconds(60));
    private long sent;
    private long failed;

    public AnnouncePacer(VrrpScheduler scheduler, FrameSender sender, Duration garpInterval, Duration gnaInterval) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.garpIntervalNanos = garpInterval.toNanos();
        this.gnaIntervalNanos = gnaInterval.toNanos();
    }

    /** Sends the frame announcing {@code address} from {@code mac} on {@code ifIndex}, now or in its turn. */
    public void announce(int ifIndex, byte[] mac, InetAddress address) {
        Frame f = new Frame(Announcements.frame(mac, address), Announcements.ethertype(address),
                Announcements.destinationMac(address), address);
        boolean ipv6 = address instanceof Inet6Address;
        long interval = ipv6 ? gnaIntervalNanos : garpIntervalNanos;
        if (interval <= 0) {
            transmit(ifIndex, f);
            return;
        }
        Lane lane = lanes.computeIfAbsent(new LaneKey(ifIndex, ipv6), k -> new Lane(k, scheduler.nanoTime()));
        lane.queue.add(f);
        drain(lane, interval);
    }

    private void drain(Lane lane, long interval) {
        if (lane.timer != null) {
            return;
        }
        long now = scheduler.nanoTime();
        while (!lane.queue.isEmpty() && now - lane.nextFree >= 0) {
            transmit(lane.key.ifIndex(), lane.queue.poll());
            lane.nextFree = now + interval;
        }
        if (!lane.queue.isEmpty()) {
            lane.timer = scheduler.schedule(lane.nextFree - now, () -> {
                lane.timer = null;
                drain(lane, interval);
            });
        }
    }

    private void transmit(int ifIndex, Frame f) {
        try {
            sender.send(ifIndex, f.bytes(), f.ethertype(), f.destinationMac());
            sent++;
        } catch (IOException e) {
            failed++;
            failures.admit(ifIndex, scheduler.nanoTime(), "cannot send " + (f.address() instanceof Inet6Address
                    ? "unsolicited neighbour advert" : "gratuitous ARP") + " for " + f.address().getHostAddress()
                    + " on ifindex " + ifIndex + ": " + e.getMessage()).ifPresent(LOG::warn);
        }
    }

    /** Frames waiting for their turn, all interfaces. */
    public int queued() {
        return lanes.values().stream().mapToInt(l -> l.queue.size()).sum();
    }

    /** Drops everything queued for {@code address} (its instance left MASTER, or it was removed). */
    public void forget(InetAddress address) {
        for (Lane lane : lanes.values()) {
            lane.queue.removeIf(f -> f.address().equals(address));
        }
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }
}

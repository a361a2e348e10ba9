package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.vrrp.Announcer;
import io.jkeepalived.vrrp.RateLimitedLog;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.net.AnnouncePacer;
import io.jkeepalived.vrrp.vip.VipManager;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's {@link Announcer}: each address is announced on its own device (its {@code dev}, else
 * the instance's interface) from that device's MAC, round by round, through the shared pacer.
 */
final class InstanceAnnouncer implements Announcer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceAnnouncer.class);

    private String tag;
    private final VipManager vips;
    private final InterfaceRegistry interfaces;
    private final AnnouncePacer pacer;
    private final VrrpScheduler clock;
    private final RateLimitedLog<String> missing = new RateLimitedLog<>(Duration.ofSeconds(60));
    private final List<Sent> sent = new ArrayList<>();

    InstanceAnnouncer(String instance, VipManager vips, InterfaceRegistry interfaces, AnnouncePacer pacer,
                      VrrpScheduler clock) {
        this.tag = "(" + instance + ") ";
        this.vips = vips;
        this.interfaces = interfaces;
        this.pacer = pacer;
        this.clock = clock;
    }

    /** A reload renamed the instance. */
    void rename(String instance) {
        this.tag = "(" + instance + ") ";
    }

    @Override
    public void announce(List<InetAddress> addresses, int repeat) {
        // Plain loops, and the log line left to settle(): this runs on the takeover path.
        Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
        for (InetAddress a : addresses) {
            String dev = vips.deviceOf(a);
            List<InetAddress> list = byDevice.get(dev);
            if (list == null) {
                list = new ArrayList<>();
                byDevice.put(dev, list);
            }
            list.add(a);
        }
        for (Map.Entry<String, List<InetAddress>> e : byDevice.entrySet()) {
            String dev = e.getKey();
            int index = interfaces.index(dev);
            Optional<byte[]> mac = interfaces.mac(dev);
            if (index <= 0 || mac.isEmpty()) {
                missing.admit(dev, clock.nanoTime(), tag + "cannot announce on " + dev + ": "
                        + (index <= 0 ? "no such interface" : "it has no Ethernet address")).ifPresent(LOG::warn);
                continue;
            }
            for (int round = 0; round < repeat; round++) {
                for (InetAddress a : e.getValue()) {
                    pacer.announce(index, mac.get(), a);
                }
            }
            sent.add(new Sent(dev, e.getValue(), repeat));
        }
    }

    /** Logs what announce() sent since the last call (after the frames: see VirtualAddresses#settle). */
    @Override
    public void settle() {
        if (LOG.isInfoEnabled()) {
            for (Sent s : sent) {
                StringBuilder list = new StringBuilder();
                for (InetAddress a : s.addresses()) {
                    list.append(list.length() == 0 ? "" : ", ").append(a.getHostAddress());
                }
                LOG.info("{}Sending {} on {} for {}", tag, kinds(s.addresses(), s.repeat()), s.device(), list);
            }
        }
        sent.clear();
    }

    /** Forgets what announce() sent since the last settle() without logging it (a rehearsal). */
    void discardSent() {
        sent.clear();
    }

    private record Sent(String device, List<InetAddress> addresses, int repeat) {
    }

    /** Builds the frames once without sending them, so the first takeover does not load the code. */
    void prepare(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            Optional<byte[]> mac = interfaces.mac(vips.deviceOf(a));
            if (mac.isPresent()) {
                io.jkeepalived.vrrp.net.Announcements.frame(mac.get(), a);
            }
        }
    }

    private static String kinds(List<InetAddress> addresses, int repeat) {
        boolean v6 = false;
        boolean v4 = false;
        for (InetAddress a : addresses) {
            if (a instanceof Inet6Address) {
                v6 = true;
            } else {
                v4 = true;
            }
        }
        String what = v4 && v6 ? "gratuitous ARPs / unsolicited NAs" : v6 ? "unsolicited NAs" : "gratuitous ARPs";
        return repeat + " " + what + " each";
    }
}

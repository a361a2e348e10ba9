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
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An instance's {@link Announcer}: each address is announced on its own device (its {@code dev}, else
 * the instance's interface) from that device's MAC, round by round, through the shared pacer.
 */
final class InstanceAnnouncer implements Announcer {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceAnnouncer.class);

    private final String tag;
    private final VipManager vips;
    private final InterfaceRegistry interfaces;
    private final AnnouncePacer pacer;
    private final VrrpScheduler clock;
    private final RateLimitedLog<String> missing = new RateLimitedLog<>(Duration.ofSeconds(60));

    InstanceAnnouncer(String instance, VipManager vips, InterfaceRegistry interfaces, AnnouncePacer pacer,
                      VrrpScheduler clock) {
        this.tag = "(" + instance + ") ";
        this.vips = vips;
        this.interfaces = interfaces;
        this.pacer = pacer;
        this.clock = clock;
    }

    @Override
    public void announce(List<InetAddress> addresses, int repeat) {
        Map<String, List<InetAddress>> byDevice = new LinkedHashMap<>();
        for (InetAddress a : addresses) {
            byDevice.computeIfAbsent(vips.deviceOf(a), d -> new java.util.ArrayList<>()).add(a);
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
            LOG.info("{}Sending {} on {} for {}", tag, kinds(e.getValue(), repeat), dev,
                    e.getValue().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ")));
            for (int round = 0; round < repeat; round++) {
                for (InetAddress a : e.getValue()) {
                    pacer.announce(index, mac.get(), a);
                }
            }
        }
    }

    private static String kinds(List<InetAddress> addresses, int repeat) {
        boolean v6 = addresses.stream().anyMatch(a -> a instanceof Inet6Address);
        boolean v4 = addresses.stream().anyMatch(a -> !(a instanceof Inet6Address));
        String what = v4 && v6 ? "gratuitous ARPs / unsolicited NAs" : v6 ? "unsolicited NAs" : "gratuitous ARPs";
        return repeat + " " + what + " each";
    }
}

package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.VirtualAddress;
import io.jkeepalived.rtnl.HardwareAddress;
import io.jkeepalived.rtnl.Link;
import io.jkeepalived.rtnl.OperState;
import io.jkeepalived.rtnl.Rtnl;
import io.jkeepalived.vrrp.VrrpScheduler;
import io.jkeepalived.vrrp.net.AnnouncePacer;
import io.jkeepalived.vrrp.net.FrameSender;
import io.jkeepalived.vrrp.vip.AddressTable;
import io.jkeepalived.vrrp.vip.VipManager;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The VIP add and the gratuitous ARPs of a takeover, played through the very classes an instance uses
 * ({@link VipManager}, {@link InstanceAnnouncer}, {@link AnnouncePacer}, the rtnetlink and packet sockets) for an
 * interface that cannot exist, before any instance runs. The kernel refuses each request at once (ENODEV,
 * ENXIO): nothing is added and no frame leaves. Without it, the first takeover of a daemon loaded, verified and
 * interpreted that code on its way to the first gratuitous ARP (measured with -Xlog:class+load: three classes
 * loaded between the advert and the ARPs; advert to first ARP 1.1-2.0 ms in a fresh daemon's first takeover
 * against 0.3-0.5 ms in its later ones).
 */
final class TakeoverRehearsal {
    /** No interface has this index: the kernel answers ENODEV (addresses) and ENXIO (frames). */
    static final int NOWHERE = Integer.MAX_VALUE;
    private static final String DEVICE = "jkv-rehearsal";
    private static final int ARPHRD_ETHER = 1;

    private final VipManager vips;
    private final InstanceAnnouncer announcer;
    private final List<InetAddress> addresses;

    TakeoverRehearsal(AddressTable table, FrameSender frames, VrrpScheduler scheduler, List<InetAddress> addresses) {
        InterfaceRegistry nowhere = new InterfaceRegistry();
        nowhere.reset(List.of(new Link(NOWHERE, DEVICE, ARPHRD_ETHER, Rtnl.IFF_UP | Rtnl.IFF_LOWER_UP, OperState.UP,
                new HardwareAddress(new byte[] {2, 0, 0, 0, 0, 1}), 1500, 0, null)), List.of());
        List<VirtualAddress> configured = addresses.stream().map(VirtualAddress::of).toList();
        this.vips = new VipManager("rehearsal", DEVICE, configured, nowhere::index, table);
        // The refusals are the point: they are neither counted as failures nor logged.
        FrameSender refused = (ifIndex, frame, ethertype, destination) -> {
            try {
                frames.send(ifIndex, frame, ethertype, destination);
            } catch (IOException expected) {
                // ENXIO
            }
        };
        AnnouncePacer pacer = new AnnouncePacer(scheduler, refused, Duration.ZERO, Duration.ZERO);
        this.announcer = new InstanceAnnouncer("rehearsal", vips, nowhere, pacer, scheduler);
        this.addresses = List.copyOf(addresses);
    }

    /** One takeover's VIP add and announcements (as garp_master_repeat 5); what they came to is dropped. */
    void once() {
        vips.add(addresses);
        announcer.announce(addresses, 5);
        vips.discardOutcomes();
        announcer.discardSent();
    }
}

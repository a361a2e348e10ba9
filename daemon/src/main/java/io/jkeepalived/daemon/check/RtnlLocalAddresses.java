package io.jkeepalived.daemon.check;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.check.pool.LocalAddresses;
import io.jkeepalived.rtnl.InterfaceAddress;
import io.jkeepalived.rtnl.Rtnetlink;
import io.jkeepalived.rtnl.RtnlEvent;
import io.jkeepalived.rtnl.RtnlMonitor;

/**
 * The host's addresses over rtnetlink, for {@code ha_suspend}: subscribes to the IPv4 and IPv6 address groups
 * first, then dumps every address (so no change falls between the two), then reports each notification on the
 * monitor's thread; after lost notifications it dumps again.
 */
final class RtnlLocalAddresses implements LocalAddresses {
    private static final Logger log = LoggerFactory.getLogger(RtnlLocalAddresses.class);

    private RtnlMonitor monitor;
    private Rtnetlink rtnl;

    @Override
    public void start(Listener listener) throws IOException {
        RtnlMonitor opened = RtnlMonitor.open(null, RtnlMonitor.Group.IPV4_ADDRESS, RtnlMonitor.Group.IPV6_ADDRESS);
        synchronized (this) {
            monitor = opened;
        }
        try {
            Rtnetlink connection = Rtnetlink.open(null);
            synchronized (this) {
                rtnl = connection;
            }
            listener.reset(dump());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        opened.start("jkv-ha-suspend", event -> {
            if (event instanceof RtnlEvent.AddressEvent a) {
                LocalAddress address = new LocalAddress(a.address().ifIndex(), a.address().address());
                if (a.change() == RtnlEvent.Change.NEW) {
                    listener.added(address);
                } else {
                    listener.removed(address);
                }
            } else if (event instanceof RtnlEvent.EventsLost) {
                try {
                    listener.reset(dump());
                } catch (IOException e) {
                    log.error("ha_suspend: cannot list the host's addresses again: {}", e.getMessage());
                }
            }
        });
    }

    private Set<LocalAddress> dump() throws IOException {
        Rtnetlink connection;
        synchronized (this) {
            connection = rtnl;
        }
        if (connection == null) {
            throw new IOException("closed");
        }
        Set<LocalAddress> all = new HashSet<>();
        for (InterfaceAddress a : connection.addresses(Rtnetlink.AF_UNSPEC)) {
            all.add(new LocalAddress(a.ifIndex(), a.address()));
        }
        return all;
    }

    @Override
    public synchronized void close() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        if (rtnl != null) {
            rtnl.close();
            rtnl = null;
        }
    }
}

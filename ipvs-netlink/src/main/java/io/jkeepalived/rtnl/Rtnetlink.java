package io.jkeepalived.rtnl;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.Libc;
import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.netlink.Netlink;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * Addresses and links over a NETLINK_ROUTE connection. Kernel refusals come back as
 * {@link NetlinkErrorException} whose message names the address and interface: EEXIST (already there),
 * EADDRNOTAVAIL (deleting an address that is not there), ENODEV (no such interface)...
 *
 * <p>Thread-safe: calls are serialised on this object.
 */
public final class Rtnetlink implements Closeable {

    private final NetlinkConnection connection;
    private final NetlinkMessageBuilder builder = new NetlinkMessageBuilder(512);

    public Rtnetlink(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** Opens a NETLINK_ROUTE socket in {@code namespace} (null: the current one). */
    public static Rtnetlink open(NetNamespace namespace) throws IOException {
        return new Rtnetlink(NetlinkConnection.open(Netlink.NETLINK_ROUTE, namespace));
    }

    /** Adds an address; EEXIST when the interface already has it. */
    public synchronized void addAddress(InterfaceAddress address) throws IOException {
        connection.execute(RtnlCodec.writeAddAddress(builder, address, false), "add address " + address);
    }

    /** Adds an address or updates the existing one's flags and lifetimes ({@code ip addr replace}). */
    public synchronized void replaceAddress(InterfaceAddress address) throws IOException {
        connection.execute(RtnlCodec.writeAddAddress(builder, address, true), "replace address " + address);
    }

    /**
     * Deletes an address, matched by interface, address, prefix and peer. An address that is not there is
     * EADDRNOTAVAIL; an interface that is not there is ENODEV.
     */
    public synchronized void deleteAddress(InterfaceAddress address) throws IOException {
        connection.execute(RtnlCodec.writeDeleteAddress(builder, address),
                "delete address " + address.cidr() + " from ifindex " + address.ifIndex());
    }

    /** All addresses of {@code family} (AF_UNSPEC, AF_INET, AF_INET6) on all interfaces. */
    public synchronized List<InterfaceAddress> addresses(int family) throws IOException {
        List<InterfaceAddress> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(RtnlCodec.writeAddressDump(builder, family), "list addresses")) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                InterfaceAddress a = RtnlCodec.parseAddress(m);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** All IPv4 and IPv6 addresses on interface {@code ifIndex}. */
    public List<InterfaceAddress> addresses(int family, int ifIndex) throws IOException {
        List<InterfaceAddress> out = new ArrayList<>();
        for (InterfaceAddress a : addresses(family)) {
            if (a.ifIndex() == ifIndex) {
                out.add(a);
            }
        }
        return out;
    }

    /** All links. */
    public synchronized List<Link> links() throws IOException {
        List<Link> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(RtnlCodec.writeLinkDump(builder), "list links")) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                out.add(RtnlCodec.parseLink(m));
            }
        }
        return out;
    }

    /** The link called {@code name}; ENODEV when there is none. */
    public synchronized Link link(String name) throws IOException {
        return RtnlCodec.parseLink(connection.query(RtnlCodec.writeGetLink(builder, name), "get link " + name));
    }

    /** The link with index {@code index}; ENODEV when there is none. */
    public synchronized Link link(int index) throws IOException {
        return RtnlCodec.parseLink(connection.query(RtnlCodec.writeGetLink(builder, index),
                "get link ifindex " + index));
    }

    /** The link called {@code name}, or empty when the kernel says there is no such device. */
    public Optional<Link> findLink(String name) throws IOException {
        try {
            return Optional.of(link(name));
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Index of the interface called {@code name} in this connection's namespace; ENODEV when absent. */
    public int linkIndex(String name) throws IOException {
        return link(name).index();
    }

    /** Name of interface {@code index} in this connection's namespace; ENODEV when absent. */
    public String linkName(int index) throws IOException {
        return link(index).name();
    }

    /** AF_INET, for callers that do not import Libc. */
    public static final int AF_INET = Libc.AF_INET;
    /** AF_INET6. */
    public static final int AF_INET6 = Libc.AF_INET6;
    /** Both families. */
    public static final int AF_UNSPEC = Libc.AF_UNSPEC;

    @Override
    public void close() {
        connection.close();
    }
}

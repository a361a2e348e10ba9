package io.jkeepalived.ipvs;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.jkeepalived.libc.NetNamespace;
import io.jkeepalived.netlink.GenericFamilyNotFoundException;
import io.jkeepalived.netlink.GenericNetlink;
import io.jkeepalived.netlink.GenlFamily;
import io.jkeepalived.netlink.KernelModuleLoader;
import io.jkeepalived.netlink.NetlinkConnection;
import io.jkeepalived.netlink.NetlinkErrorException;
import io.jkeepalived.netlink.NetlinkMessage;
import io.jkeepalived.netlink.NetlinkMessageBuilder;

/**
 * The thin IPVS edge: one call per kernel command, no policy. Kernel refusals come back as
 * {@link io.jkeepalived.netlink.NetlinkErrorException} naming the service and destination; what each IPVS
 * errno means is in {@link IpvsErrors} (EEXIST already there, ESRCH no such service, ENOENT no such
 * destination or no such scheduler module, ERANGE thresholds, EINVAL).
 *
 * <p>Thread-safe: calls are serialised on this object.
 */
public final class IpvsClient implements Closeable {

    private final NetlinkConnection connection;
    private final IpvsCodec codec;
    private final NetlinkMessageBuilder builder = new NetlinkMessageBuilder(512);

    public IpvsClient(NetlinkConnection connection, IpvsCodec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    /**
     * Opens a generic netlink socket in {@code namespace} (null: the current one), resolves the IPVS family
     * (asking {@code loader} to load ip_vs when it is absent, as ipvsadm does) and returns a client.
     */
    public static IpvsClient open(NetNamespace namespace, KernelModuleLoader loader) throws IOException {
        GenericNetlink genl = GenericNetlink.open(namespace);
        try {
            GenlFamily family = resolveFamily(genl, loader);
            return new IpvsClient(genl.connection(), new IpvsCodec(family.id()));
        } catch (IOException | RuntimeException e) {
            genl.close();
            throw e;
        }
    }

    /**
     * Resolves the IPVS family. On kernels with module support, Linux 5.16+ already loads ip_vs when the
     * family is asked for; older ones need the explicit modprobe that follows a first miss.
     */
    public static GenlFamily resolveFamily(GenericNetlink genl, KernelModuleLoader loader) throws IOException {
        try {
            return genl.family(Ipvs.GENL_NAME, Ipvs.MODULE, loader);
        } catch (GenericFamilyNotFoundException e) {
            String loaderSays = e.getSuppressed().length > 0 ? e.getSuppressed()[0].getMessage() : "not attempted";
            throw new IpvsUnavailableException("generic netlink family " + Ipvs.GENL_NAME
                    + " is not registered and " + loaderSays + " (is CONFIG_IP_VS enabled?)", e);
        }
    }

    public synchronized IpvsInfo info() throws IOException {
        return codec.parseInfo(connection.query(codec.writeGetInfo(builder), "get IPVS info"));
    }

    public synchronized List<ServiceEntry> services() throws IOException {
        List<ServiceEntry> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(codec.writeGetServices(builder), "list IPVS services")) {
            out.add(codec.parseService(m));
        }
        return out;
    }

    public synchronized void addService(VirtualService s) throws IOException {
        apply(new IpvsChange.AddService(s));
    }

    public synchronized void updateService(VirtualService s) throws IOException {
        apply(new IpvsChange.EditService(s));
    }

    public synchronized void deleteService(VirtualService s) throws IOException {
        apply(new IpvsChange.DeleteService(s));
    }

    /**
     * The destinations of {@code s}. A service that does not exist has none: the kernel answers its dump
     * with nothing rather than an error (measured).
     */
    public synchronized List<DestEntry> destinations(VirtualService s) throws IOException {
        List<DestEntry> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(codec.writeGetDests(builder, s),
                "list destinations of service " + s.describe())) {
            out.add(codec.parseDest(m, s.family()));
        }
        return out;
    }

    /** The destinations of {@code s} without their counters: the reconciler's read, cheaper to decode. */
    public synchronized List<RealServerDest> destinationSettings(VirtualService s) throws IOException {
        List<RealServerDest> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(codec.writeGetDests(builder, s),
                "list destinations of service " + s.describe())) {
            out.add(codec.parseDest(m, s.family(), false).dest());
        }
        return out;
    }

    public synchronized void addDestination(VirtualService s, RealServerDest d) throws IOException {
        apply(new IpvsChange.AddDestination(s, d));
    }

    /** Weight and threshold changes: the health checkers' hot path. */
    public synchronized void updateDestination(VirtualService s, RealServerDest d) throws IOException {
        apply(new IpvsChange.EditDestination(s, d));
    }

    public synchronized void deleteDestination(VirtualService s, RealServerDest d) throws IOException {
        apply(new IpvsChange.DeleteDestination(s, d));
    }

    /** One change, acknowledged; a refusal is a {@link io.jkeepalived.netlink.NetlinkErrorException}. */
    public synchronized void apply(IpvsChange change) throws IOException {
        connection.execute(change.encode(codec, builder), change.describe());
    }

    /**
     * Many changes, sent in batches of up to {@link NetlinkConnection#BATCH_MESSAGES} per datagram without
     * waiting for each acknowledgement (what makes programming a large table from empty fast). The kernel
     * applies them in order and a refusal does not stop the others. Returns, per change and in order, null
     * for success or the kernel's refusal. Throws only when the exchange itself failed.
     */
    public synchronized List<NetlinkErrorException> apply(List<? extends IpvsChange> changes) throws IOException {
        List<NetlinkConnection.Request> requests = new ArrayList<>(changes.size());
        for (IpvsChange c : changes) {
            requests.add(new NetlinkConnection.Request() {
                @Override
                public void write(NetlinkMessageBuilder b) {
                    c.encode(codec, b);
                }

                @Override
                public String operation() {
                    return c.describe();
                }
            });
        }
        return connection.executeAll(requests, builder);
    }

    public synchronized IpvsTimeouts timeouts() throws IOException {
        return codec.parseTimeouts(connection.query(codec.writeGetTimeouts(builder), "get IPVS timeouts"));
    }

    public synchronized void setTimeouts(IpvsTimeouts t) throws IOException {
        connection.execute(codec.writeSetTimeouts(builder, t), "set IPVS timeouts " + t);
    }

    public synchronized void flush() throws IOException {
        connection.execute(codec.writeFlush(builder), "flush IPVS table");
    }

    public synchronized void zero(VirtualService s) throws IOException {
        connection.execute(codec.writeZero(builder, s), "zero counters" + (s == null ? " of every service" : " of service " + s.describe()));
    }

    public synchronized List<SyncDaemon> syncDaemons() throws IOException {
        List<SyncDaemon> out = new ArrayList<>();
        for (NetlinkMessage m : connection.dump(codec.writeGetDaemons(builder), "list IPVS sync daemons")) {
            out.add(codec.parseDaemon(m));
        }
        return out;
    }

    public synchronized void startSyncDaemon(SyncDaemon d) throws IOException {
        connection.execute(codec.writeNewDaemon(builder, d), "start IPVS sync daemon " + d);
    }

    public synchronized void stopSyncDaemon(int state) throws IOException {
        connection.execute(codec.writeDelDaemon(builder, state), "stop IPVS sync daemon state " + state);
    }

    @Override
    public void close() {
        connection.close();
    }
}

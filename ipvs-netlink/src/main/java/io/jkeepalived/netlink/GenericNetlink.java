package io.jkeepalived.netlink;

import java.io.Closeable;
import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jkeepalived.libc.Errno;
import io.jkeepalived.libc.NetNamespace;

/** A NETLINK_GENERIC connection that resolves families by name through the kernel's controller. */
public final class GenericNetlink implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(GenericNetlink.class);

    private final NetlinkConnection connection;
    private final NetlinkMessageBuilder builder = new NetlinkMessageBuilder(256);

    public GenericNetlink(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** Opens a generic netlink socket in {@code namespace} (null: the current one). */
    public static GenericNetlink open(NetNamespace namespace) throws IOException {
        return new GenericNetlink(NetlinkConnection.open(Netlink.NETLINK_GENERIC, namespace));
    }

    public NetlinkConnection connection() {
        return connection;
    }

    /**
     * Resolves family {@code name}. Throws {@link GenericFamilyNotFoundException} when the kernel has no such
     * family. (Kernels with module support try to load a module aliased to the family first: IPVS has had
     * that alias since Linux 5.16.)
     */
    public synchronized GenlFamily family(String name) throws IOException {
        GenlFamilyCodec.writeGetFamily(builder, name);
        try {
            GenlFamily family = GenlFamilyCodec.parseFamily(
                    connection.query(builder, "resolve generic netlink family " + name));
            if (!family.name().equals(name)) {
                throw new MalformedMessageException("asked for family " + name + ", got " + family.name());
            }
            return family;
        } catch (NetlinkErrorException e) {
            if (e.is(Errno.ENOENT)) {
                throw new GenericFamilyNotFoundException(name, e.errno(), e.extAckMessage());
            }
            throw e;
        }
    }

    /**
     * Resolves family {@code name}, and when it is absent asks {@code loader} to load {@code module} and
     * tries once more, as ipvsadm does. The {@link GenericFamilyNotFoundException} of the second attempt
     * carries the loader's report as its suppressed detail.
     */
    public GenlFamily family(String name, String module, KernelModuleLoader loader) throws IOException {
        try {
            return family(name);
        } catch (GenericFamilyNotFoundException first) {
            KernelModuleLoader.Result result = loader.load(module);
            LOG.info("generic netlink family {} absent; loading module {}: {}", name, module, result.detail());
            try {
                return family(name);
            } catch (GenericFamilyNotFoundException second) {
                second.addSuppressed(new ModuleLoadFailure(module, result));
                throw second;
            }
        }
    }

    /** The loader's account of why the module did not bring the family, attached to the final failure. */
    public static final class ModuleLoadFailure extends Exception {

        private static final long serialVersionUID = 1L;
        private final transient KernelModuleLoader.Result result;

        ModuleLoadFailure(String module, KernelModuleLoader.Result result) {
            super("loading module " + module + ": " + result.detail(), null, false, false);
            this.result = result;
        }

        public KernelModuleLoader.Result result() {
            return result;
        }
    }

    /**
     * Starts a request to {@code family}: netlink header with the family id, then the genl header with
     * {@code command} and the protocol {@code version} the caller speaks (IPVS: 1).
     */
    public static NetlinkMessageBuilder begin(NetlinkMessageBuilder b, GenlFamily family, int command, int version,
            int flags) {
        return b.begin(family.id(), flags).genlHeader(command, version);
    }

    @Override
    public void close() {
        connection.close();
    }
}

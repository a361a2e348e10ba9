package io.jkeepalived.ipvs.reconcile;

import java.net.InetAddress;
import java.util.Objects;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.VirtualService;

/**
 * Which differences between a desired entry and the kernel's matter, and how a desired destination is put in
 * the form the table will hold. Pure.
 *
 * <p>Measured in the lab (Debian's 6.1 kernel): the kernel stores a destination's port as given, whatever
 * the forwarding method; it is keepalived (and ipvsadm) that rewrite it before asking. keepalived 2.2.7
 * programs a DR or TUN real server of an address service on the virtual port ("ports don't match -
 * resetting": a sorry_server 10.232.0.1 8080 under a port-80 DR service becomes 10.232.0.1:80), on port 0
 * under a fwmark service ("has port specified - clearing"), and a NAT real server without a port on the
 * virtual port. {@link #normalize} applies the same rules, so jkeepalived programs keepalived's table and
 * never churns on a port the configuration spells differently.
 *
 * <p>The kernel keeps a service's timeout and netmask even when it is not persistent (ipvsadm-save does not
 * show them then): they only matter with the persistent flag, so only then are they compared. It adds
 * SVC_F_HASHED to every service's flags; the codec strips it.
 */
public final class TableRules {

    private TableRules() {
    }

    /** The destination as it must stand in the table under {@code service}: keepalived's port rules. */
    public static RealServerDest normalize(VirtualService service, RealServerDest d) {
        int port = d.port();
        if (d.method() == ForwardingMethod.DROUTE || d.method() == ForwardingMethod.TUNNEL) {
            port = service.fwmark() != 0 ? 0 : service.port();
        } else if (d.method() == ForwardingMethod.MASQ && service.fwmark() == 0 && port == 0) {
            port = service.port();
        }
        return port == d.port() ? d : new RealServerDest(d.address(), port, d.method(), d.weight(),
                d.upperThreshold(), d.lowerThreshold(), d.tunnelType(), d.tunnelPort(), d.tunnelFlags());
    }

    /** True when the kernel's service already has every setting of the desired one that takes effect. */
    public static boolean sameSettings(VirtualService desired, VirtualService actual) {
        if (!desired.scheduler().equals(actual.scheduler()) || desired.flags() != actual.flags()
                || !Objects.equals(desired.persistenceEngine(), actual.persistenceEngine())) {
            return false;
        }
        if (desired.isPersistent()) {
            return desired.timeoutSeconds() == actual.timeoutSeconds() && desired.netmask() == actual.netmask();
        }
        return true;
    }

    /** True when the kernel's destination already has every setting of the desired (normalised) one. */
    public static boolean sameSettings(RealServerDest desired, RealServerDest actual) {
        if (desired.method() != actual.method() || desired.weight() != actual.weight()
                || desired.upperThreshold() != actual.upperThreshold()
                || desired.lowerThreshold() != actual.lowerThreshold()) {
            return false;
        }
        if (desired.method() == ForwardingMethod.TUNNEL) {
            return desired.tunnelType() == actual.tunnelType() && desired.tunnelPort() == actual.tunnelPort()
                    && desired.tunnelFlags() == actual.tunnelFlags();
        }
        return true;
    }

    /** What the kernel identifies a destination by within its service. */
    public record DestinationKey(InetAddress address, int port) {
        public static DestinationKey of(RealServerDest d) {
            return new DestinationKey(d.address(), d.port());
        }
    }
}

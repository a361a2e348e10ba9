package io.jkeepalived.it.ipvs;

import java.util.List;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.IpvsText;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.TunnelType;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.libc.Libc;

/**
 * jkeepalived's reading of the kernel table, printed the way {@code ipvsadm-save -n} prints it (ipvsadm 1.31,
 * as seen in the lab), so the two can be compared line for line. ipvsadm-save leaves out thresholds; they are
 * compared through {@link #thresholds}.
 */
public final class IpvsadmFormat {

    private IpvsadmFormat() {
    }

    public static String save(List<ServiceConfig> table) {
        StringBuilder out = new StringBuilder();
        for (ServiceConfig s : table) {
            out.append(serviceRule(s.service())).append('\n');
            for (RealServerDest d : s.destinations()) {
                out.append(destinationRule(s.service(), d)).append('\n');
            }
        }
        return out.toString();
    }

    static String serviceOption(VirtualService s) {
        if (s.fwmark() != 0) {
            return "-f " + Integer.toUnsignedString(s.fwmark()) + (s.family() == Libc.AF_INET6 ? " -6" : "");
        }
        String option = switch (s.protocol()) {
            case Ipvs.IPPROTO_TCP -> "-t";
            case Ipvs.IPPROTO_UDP -> "-u";
            case Ipvs.IPPROTO_SCTP -> "--sctp-service";
            default -> "--protocol-" + s.protocol();
        };
        return option + " " + IpvsText.endpoint(s.address(), s.port());
    }

    static String serviceRule(VirtualService s) {
        StringBuilder b = new StringBuilder("-A ").append(serviceOption(s)).append(" -s ").append(s.scheduler());
        if (s.isPersistent()) {
            b.append(" -p ").append(s.timeoutSeconds());
            if (s.netmask() != VirtualService.fullNetmask(s.family())) {
                b.append(" -M ").append(s.netmaskText());
            }
        }
        if (s.persistenceEngine() != null) {
            b.append(" --pe ").append(s.persistenceEngine());
        }
        if ((s.flags() & Ipvs.SVC_F_ONEPACKET) != 0) {
            b.append(" -o");
        }
        String schedFlags = VirtualService.flagNames(s.scheduler(), s.flags() & ~Ipvs.SVC_F_ONEPACKET);
        if (!schedFlags.isEmpty()) {
            b.append(" -b ").append(schedFlags);
        }
        return b.toString();
    }

    static String destinationRule(VirtualService s, RealServerDest d) {
        StringBuilder b = new StringBuilder("-a ").append(serviceOption(s)).append(" -r ")
                .append(IpvsText.endpoint(d.address(), d.port())).append(' ').append(switch (d.method()) {
                    case MASQ -> "-m";
                    case TUNNEL -> "-i";
                    case DROUTE -> "-g";
                    default -> "-" + d.method();
                }).append(" -w ").append(d.weight());
        if (d.method() == ForwardingMethod.TUNNEL) {
            b.append(" --tun-type ").append(d.tunnelType().name().toLowerCase(java.util.Locale.ROOT));
            if (d.tunnelType() == TunnelType.GUE) {
                b.append(" --tun-port ").append(d.tunnelPort());
            }
            if (d.tunnelType() != TunnelType.IPIP) {
                b.append(switch (d.tunnelFlags()) {
                    case Ipvs.TUNNEL_ENCAP_FLAG_CSUM -> " --tun-csum";
                    case Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM -> " --tun-remcsum";
                    default -> " --tun-nocsum";
                });
            }
        }
        return b.toString();
    }

    /** One line per destination: "10.0.0.1:80 100 50" (address, upper and lower threshold). */
    public static String thresholds(List<ServiceConfig> table) {
        StringBuilder out = new StringBuilder();
        for (ServiceConfig s : table) {
            for (RealServerDest d : s.destinations()) {
                out.append(IpvsText.endpoint(d.address(), d.port())).append(' ').append(d.upperThreshold()).append(' ')
                        .append(d.lowerThreshold()).append('\n');
            }
        }
        return out.toString();
    }

    /** The same lines from {@code ipvsadm -Ln --thresholds}. */
    public static String thresholdsFromIpvsadm(String listing) {
        StringBuilder out = new StringBuilder();
        for (String line : listing.split("\n")) {
            String t = line.trim();
            if (t.startsWith("->") && !t.startsWith("-> RemoteAddress")) {
                String[] w = t.substring(2).trim().split("\\s+");
                out.append(w[0]).append(' ').append(w[1]).append(' ').append(w[2]).append('\n');
            }
        }
        return out.toString();
    }
}

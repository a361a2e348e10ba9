package io.jkeepalived.it.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jkeepalived.ipvs.ForwardingMethod;
import io.jkeepalived.ipvs.Ipvs;
import io.jkeepalived.ipvs.RealServerDest;
import io.jkeepalived.ipvs.TunnelType;
import io.jkeepalived.ipvs.VirtualService;
import io.jkeepalived.ipvs.VirtualService.ServiceKey;
import io.jkeepalived.ipvs.reconcile.DesiredTable;
import io.jkeepalived.ipvs.reconcile.ServiceConfig;
import io.jkeepalived.libc.Libc;

/**
 * ipvsadm command lines as jkeepalived's model, so the lab can program the same table both ways: through
 * ipvsadm, and through jkeepalived's reconciler. Covers the table-changing commands (-A -E -D -a -e -d -C)
 * with ipvsadm 1.31's defaults, measured in the lab: scheduler wlc, -p alone 360 s, weight 1, method -g, a
 * real server without a port on the virtual port (0 under fwmark), DR and TUN on the virtual port.
 */
public final class IpvsadmSyntax {

    private IpvsadmSyntax() {
    }

    /** A parsed command line. */
    public sealed interface Command {
    }

    public record AddService(VirtualService service) implements Command {
    }

    public record EditService(VirtualService service) implements Command {
    }

    public record DeleteService(VirtualService service) implements Command {
    }

    public record AddDest(VirtualService service, RealServerDest dest) implements Command {
    }

    public record EditDest(VirtualService service, RealServerDest dest) implements Command {
    }

    public record DeleteDest(VirtualService service, RealServerDest dest) implements Command {
    }

    public record Clear() implements Command {
    }

    /** Anything that does not change the table (-L, -S, --version...). */
    public record Other(String line) implements Command {
    }

    /** Parses one command line ("ipvsadm -A -t 192.0.2.1:80 -s rr"; the leading "ipvsadm" is optional). */
    public static Command parse(String line) {
        List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
        if (!words.isEmpty() && words.get(0).endsWith("ipvsadm")) {
            words.remove(0);
        }
        String command = null;
        int family = Libc.AF_INET;
        int protocol = 0;
        InetAddress vip = null;
        int vport = 0;
        int fwmark = 0;
        String scheduler = "wlc";
        boolean persistent = false;
        int timeout = 0;
        String netmask = null;
        int flags = 0;
        String pe = null;
        String real = null;
        ForwardingMethod method = ForwardingMethod.DROUTE;
        int weight = 1;
        int upper = 0;
        int lower = 0;
        TunnelType tunType = TunnelType.IPIP;
        int tunPort = 0;
        int tunFlags = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "-A", "--add-service", "-E", "--edit-service", "-D", "--delete-service", "-a", "--add-server",
                        "-e", "--edit-server", "-d", "--delete-server", "-C", "--clear" -> command = shortName(w);
                case "-t", "--tcp-service", "-u", "--udp-service", "--sctp-service" -> {
                    protocol = w.startsWith("-t") || w.equals("--tcp-service") ? Ipvs.IPPROTO_TCP
                            : w.startsWith("-u") || w.equals("--udp-service") ? Ipvs.IPPROTO_UDP : Ipvs.IPPROTO_SCTP;
                    Endpoint e = endpoint(words.get(++i));
                    vip = e.address();
                    vport = e.port() < 0 ? 0 : e.port();
                    family = vip instanceof Inet6Address ? Libc.AF_INET6 : Libc.AF_INET;
                }
                case "-f", "--fwmark-service" -> fwmark = (int) Long.parseLong(words.get(++i));
                case "-6", "--ipv6" -> family = Libc.AF_INET6;
                case "-s", "--scheduler" -> scheduler = words.get(++i);
                case "-p", "--persistent" -> {
                    persistent = true;
                    timeout = 360;
                    if (i + 1 < words.size() && words.get(i + 1).matches("\\d+")) {
                        timeout = Integer.parseInt(words.get(++i));
                    }
                }
                case "-M", "--netmask" -> netmask = words.get(++i);
                case "-b", "--sched-flags" -> flags |= schedulerFlags(words.get(++i));
                case "-o", "--ops" -> flags |= Ipvs.SVC_F_ONEPACKET;
                case "--pe" -> pe = words.get(++i);
                case "-r", "--real-server" -> real = words.get(++i);
                case "-g", "--gatewaying" -> method = ForwardingMethod.DROUTE;
                case "-i", "--ipip" -> method = ForwardingMethod.TUNNEL;
                case "-m", "--masquerading" -> method = ForwardingMethod.MASQ;
                case "-w", "--weight" -> weight = Integer.parseInt(words.get(++i));
                case "-x", "--u-threshold" -> upper = Integer.parseInt(words.get(++i));
                case "-y", "--l-threshold" -> lower = Integer.parseInt(words.get(++i));
                case "--tun-type" -> tunType = TunnelType.valueOf(words.get(++i).toUpperCase(Locale.ROOT));
                case "--tun-port" -> tunPort = Integer.parseInt(words.get(++i));
                case "--tun-nocsum" -> tunFlags = Ipvs.TUNNEL_ENCAP_FLAG_NOCSUM;
                case "--tun-csum" -> tunFlags = Ipvs.TUNNEL_ENCAP_FLAG_CSUM;
                case "--tun-remcsum" -> tunFlags = Ipvs.TUNNEL_ENCAP_FLAG_REMCSUM;
                default -> {
                    return new Other(line.trim());
                }
            }
        }
        if (command == null) {
            return new Other(line.trim());
        }
        if (command.equals("-C")) {
            return new Clear();
        }
        int full = VirtualService.fullNetmask(family);
        int mask = netmask == null ? full : family == Libc.AF_INET6 ? Integer.parseInt(netmask) : ipv4Mask(netmask);
        VirtualService service = fwmark != 0
                ? new VirtualService(family, 0, null, 0, fwmark, scheduler, flags, 0, full, pe)
                : new VirtualService(family, protocol, vip, vport, 0, scheduler, flags, 0, full, pe);
        if (persistent) {
            service = service.withPersistenceMask(timeout, mask);
        }
        switch (command) {
            case "-A" -> {
                return new AddService(service);
            }
            case "-E" -> {
                return new EditService(service);
            }
            case "-D" -> {
                return new DeleteService(service);
            }
            default -> {
            }
        }
        Endpoint r = endpoint(real);
        int port = r.port() < 0 ? vport : r.port();
        if (fwmark == 0 && (method == ForwardingMethod.DROUTE || method == ForwardingMethod.TUNNEL)) {
            port = vport;
        }
        RealServerDest dest = new RealServerDest(r.address(), port, method, weight, upper, lower, tunType, tunPort,
                tunFlags);
        return switch (command) {
            case "-a" -> new AddDest(service, dest);
            case "-e" -> new EditDest(service, dest);
            default -> new DeleteDest(service, dest);
        };
    }

    private static String shortName(String w) {
        return switch (w) {
            case "--add-service" -> "-A";
            case "--edit-service" -> "-E";
            case "--delete-service" -> "-D";
            case "--add-server" -> "-a";
            case "--edit-server" -> "-e";
            case "--delete-server" -> "-d";
            case "--clear" -> "-C";
            default -> w;
        };
    }

    private static int schedulerFlags(String list) {
        int flags = 0;
        for (String name : list.split(",")) {
            flags |= switch (name) {
                case "sh-fallback", "mh-fallback", "flag-1" -> Ipvs.SVC_F_SCHED1;
                case "sh-port", "mh-port", "flag-2" -> Ipvs.SVC_F_SCHED2;
                case "flag-3" -> Ipvs.SVC_F_SCHED3;
                default -> throw new IllegalArgumentException("unknown scheduler flag " + name);
            };
        }
        return flags;
    }

    private static int ipv4Mask(String dotted) {
        byte[] b = address(dotted).getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private record Endpoint(InetAddress address, int port) {
    }

    /** "10.0.0.1", "10.0.0.1:80", "[2001:db8::1]:80", "2001:db8::1" (port -1 when absent). */
    private static Endpoint endpoint(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            int port = close + 1 < text.length() ? Integer.parseInt(text.substring(close + 2)) : -1;
            return new Endpoint(address(text.substring(1, close)), port);
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
            return new Endpoint(address(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
        }
        return new Endpoint(address(text), -1);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    /**
     * The table the commands leave behind, as a desired table in creation order: what jkeepalived is asked to
     * own when it plays the same commands through its reconciler.
     */
    public static DesiredTable fold(List<Command> commands) {
        Map<ServiceKey, VirtualService> services = new LinkedHashMap<>();
        Map<ServiceKey, List<RealServerDest>> dests = new LinkedHashMap<>();
        for (Command c : commands) {
            if (c instanceof Clear) {
                services.clear();
                dests.clear();
            } else if (c instanceof AddService a) {
                services.put(a.service().key(), a.service());
                dests.put(a.service().key(), new ArrayList<>());
            } else if (c instanceof EditService e) {
                services.put(e.service().key(), e.service());
            } else if (c instanceof DeleteService d) {
                services.remove(d.service().key());
                dests.remove(d.service().key());
            } else if (c instanceof AddDest a) {
                dests.get(a.service().key()).add(a.dest());
            } else if (c instanceof EditDest e) {
                List<RealServerDest> list = dests.get(e.service().key());
                list.replaceAll(d -> d.sameServer(e.dest()) ? e.dest() : d);
            } else if (c instanceof DeleteDest d) {
                dests.get(d.service().key()).removeIf(x -> x.sameServer(d.dest()));
            }
        }
        List<ServiceConfig> out = new ArrayList<>();
        services.forEach((k, s) -> out.add(new ServiceConfig(s, dests.get(k))));
        return DesiredTable.of(out);
    }
}

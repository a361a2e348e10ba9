package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import io.jkeepalived.config.model.AddressFamily;
import io.jkeepalived.config.model.VirtualAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads one line of {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded} or {@code static_ipaddress}:
 * {@code ADDR[/PREFIX] [dev IF] [brd|broadcast ADDR|+|-] [label L] [scope S] [peer ADDR] [home] [-nodad]
 * [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac]}.
 *
 * <p>Follows keepalived 2.2.7's alloc_ipaddress(): an unusable address, a repeated or value-less option, an
 * IPv6 broadcast or an over-long label drop the whole line; a bad prefix, scope or peer, or an unknown word,
 * drop only that part (each an ERROR). Interface names are not checked against the host here.
 */
final class AddressReader {
    /** IFNAMSIZ - 1: the longest interface name or label the kernel takes. */
    static final int MAX_IFNAME = 15;

    private final Diagnostics diagnostics;
    private final String block;
    private final boolean staticAddress;

    /**
     * @param block         the block keyword, named in messages
     * @param staticAddress static_ipaddress: {@code track_group} is recognised, {@code use_vmac} is not
     */
    AddressReader(Diagnostics diagnostics, String block, boolean staticAddress) {
        this.diagnostics = diagnostics;
        this.block = block;
        this.staticAddress = staticAddress;
    }

    Optional<VirtualAddress> read(Statement line) {
        if (line.hasBlock()) {
            // keepalived reads the '{' as one more address (an invalid one) and its '}' closes this block
            error(line, "an address line takes no block; its block is skipped");
            diagnostics.blockSkipped(line);
        }
        List<String> w = line.words();
        String text = w.get(0);
        Optional<Prefixed> parsed = parsePrefixed(line, text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        InetAddress address = parsed.get().address;
        AddressFamily family = AddressFamily.of(address);
        int prefix = parsed.get().prefix;
        boolean prefixGiven = parsed.get().prefixGiven;
        String device = null;
        InetAddress broadcast = null;
        int broadcastSign = 0;
        boolean haveBroadcast = false;
        InetAddress peer = null;
        String label = null;
        int scope = VirtualAddress.SCOPE_GLOBAL;
        boolean scopeGiven = false;
        boolean home = false;
        boolean noDad = false;
        boolean mngTmpAddr = false;
        boolean noPrefixRoute = false;
        boolean autoJoin = false;
        boolean noTrack = false;
        boolean useVmac = false;
        Long preferredLifetime = null;

        for (int i = 1; i < w.size(); i++) {
            String option = w.get(i);
            boolean takesValue = List.of("dev", "scope", "broadcast", "brd", "label", "peer", "preferred_lft")
                    .contains(option) || (staticAddress && option.equals("track_group"));
            if (takesValue && i + 1 >= w.size()) {
                error(line, "missing the value after '" + option + "' for " + text + "; address ignored");
                return Optional.empty();
            }
            switch (option) {
                case "dev":
                    if (device != null) {
                        error(line, "dev given twice for " + text + "; address ignored");
                        return Optional.empty();
                    }
                    device = w.get(++i);
                    if (device.length() > MAX_IFNAME) {
                        error(line, "interface name '" + device + "' is longer than " + MAX_IFNAME
                                + " characters; address " + text + " ignored");
                        return Optional.empty();
                    }
                    break;
                case "scope": {
                    String s = w.get(++i);
                    int number = parseScope(s);
                    if (number < 0) {
                        error(line, "scope: expected global, site, link, host, nowhere or a number from 0 to "
                                + "255, got '" + s + "' for " + text + "; scope ignored");
                    } else {
                        scope = number;
                        scopeGiven = true;
                    }
                    break;
                }
                case "broadcast":
                case "brd": {
                    if (family == AddressFamily.IPV6) {
                        error(line, "an IPv6 address has no broadcast address; address " + text + " ignored");
                        return Optional.empty();
                    }
                    String b = w.get(++i);
                    haveBroadcast = true;
                    if (b.equals("+")) {
                        broadcastSign = 1;
                    } else if (b.equals("-")) {
                        broadcastSign = -1;
                    } else {
                        Optional<InetAddress> parsedBroadcast = Values.parseAddress(b);
                        if (parsedBroadcast.isEmpty() || !(parsedBroadcast.get() instanceof Inet4Address)) {
                            error(line, option + ": expected an IPv4 address, + or -, got '" + b + "'; address "
                                    + text + " ignored");
                            return Optional.empty();
                        }
                        broadcast = parsedBroadcast.get();
                        broadcastSign = 0;
                    }
                    break;
                }
                case "label": {
                    String l = w.get(++i);
                    if (l.length() > MAX_IFNAME) {
                        error(line, "label '" + l + "' is longer than " + MAX_IFNAME + " characters; address "
                                + text + " ignored");
                        return Optional.empty();
                    }
                    label = l;
                    break;
                }
                case "peer": {
                    String p = w.get(++i);
                    if (peer != null) {
                        error(line, "peer given twice for " + text + "; '" + p + "' ignored");
                        break;
                    }
                    Optional<InetAddress> parsedPeer = Values.parseAddress(p);
                    if (parsedPeer.isEmpty()) {
                        error(line, "peer: expected an IP address, got '" + p + "'; peer ignored");
                    } else if (AddressFamily.of(parsedPeer.get()) != family) {
                        error(line, "peer " + p + " is not of the family of " + text + "; peer ignored");
                    } else {
                        if (prefixGiven && prefix != family.maxPrefixLength()) {
                            error(line, "a prefix cannot be given with a peer address; the prefix of " + text
                                    + " is ignored");
                        }
                        peer = parsedPeer.get();
                        prefix = family.maxPrefixLength();
                    }
                    break;
                }
                case "home":
                    home = true;
                    break;
                case "-nodad":
                    noDad = true;
                    break;
                case "mngtmpaddr":
                    mngTmpAddr = true;
                    break;
                case "noprefixroute":
                    noPrefixRoute = true;
                    break;
                case "autojoin":
                    autoJoin = true;
                    break;
                case "no_track":
                    noTrack = true;
                    break;
                case "preferred_lft": {
                    String v = w.get(++i);
                    if (v.equals("forever")) {
                        preferredLifetime = -1L;
                    } else {
                        OptionalLong n = Values.parseInteger(v);
                        if (n.isEmpty() || n.getAsLong() < 0 || n.getAsLong() > 0xffffffffL) {
                            error(line, "preferred_lft: expected a number of seconds or forever, got '" + v
                                    + "'; ignored");
                        } else {
                            preferredLifetime = n.getAsLong() == 0xffffffffL ? -1L : n.getAsLong();
                        }
                    }
                    break;
                }
                case "track_group":
                    if (staticAddress) {
                        diagnostics.warn(line.location(), block + ": 'track_group' is not supported by "
                                + "jkeepalived; ignored");
                        i++;
                        break;
                    }
                    unknown(line, option);
                    break;
                case "use_vmac":
                    if (!staticAddress) {
                        useVmac = true;
                        break;
                    }
                    unknown(line, option);
                    break;
                default:
                    unknown(line, option);
                    break;
            }
        }

        if (haveBroadcast && peer != null) {
            error(line, "broadcast and peer cannot both be given; broadcast of " + text + " ignored");
            broadcast = null;
        } else if (broadcastSign != 0) {
            if (prefix <= 30) {
                broadcast = hostBits(peer != null ? peer : address, prefix, broadcastSign > 0);
            } else {
                error(line, "prefix /" + prefix + " is too long for a broadcast address; broadcast of " + text
                        + " ignored");
            }
        }
        if (family == AddressFamily.IPV6) {
            if (scopeGiven && scope != VirtualAddress.SCOPE_GLOBAL) {
                error(line, "an IPv6 address takes no scope; scope of " + text + " ignored");
            }
            scope = VirtualAddress.SCOPE_GLOBAL;
            if (label != null) {
                error(line, "an IPv6 address takes no label; label of " + text + " ignored");
                label = null;
            }
        }
        OptionalLong lifetime;
        if (preferredLifetime == null) {
            // keepalived deprecates an IPv6 /128 by default (preferred_lft 0) and leaves the rest forever
            lifetime = family == AddressFamily.IPV6 && prefix == 128 ? OptionalLong.of(0) : OptionalLong.empty();
        } else {
            lifetime = preferredLifetime < 0 ? OptionalLong.empty() : OptionalLong.of(preferredLifetime);
        }
        return Optional.of(new VirtualAddress(address, prefix, Optional.ofNullable(device),
                Optional.ofNullable(broadcast), Optional.ofNullable(peer), Optional.ofNullable(label), scope, home,
                noDad, mngTmpAddr, noPrefixRoute, autoJoin, noTrack, useVmac, lifetime));
    }

    private Optional<Prefixed> parsePrefixed(Statement line, String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Optional<InetAddress> address = Values.parseAddress(addressText);
        if (address.isEmpty()) {
            error(line, "expected an IPv4 or IPv6 address[/prefix], got '" + text + "'; line ignored");
            return Optional.empty();
        }
        int max = AddressFamily.of(address.get()).maxPrefixLength();
        if (slash < 0) {
            return Optional.of(new Prefixed(address.get(), max, false));
        }
        String prefixText = text.substring(slash + 1);
        OptionalLong prefix = Values.parseInteger(prefixText);
        if (prefix.isEmpty() || prefixText.startsWith("-") || prefixText.startsWith("+")
                || prefix.getAsLong() > max) {
            error(line, "expected a prefix length from 0 to " + max + ", got '/" + prefixText + "' in '" + text
                    + "'; using /" + max);
            return Optional.of(new Prefixed(address.get(), max, false));
        }
        return Optional.of(new Prefixed(address.get(), (int) prefix.getAsLong(), true));
    }

    /** A scope name of iproute2's rt_scopes, or a number 0-255 (decimal, 0x hex or 0 octal as strtoul reads). */
    static int parseScope(String s) {
        int named = VirtualAddress.scopeNumber(s);
        if (named >= 0) {
            return named;
        }
        try {
            long n;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                n = Long.parseLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                n = Long.parseLong(s.substring(1), 8);
            } else {
                n = Long.parseLong(s);
            }
            return n >= 0 && n <= 255 && !s.startsWith("+") && !s.startsWith("-") ? (int) n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The address with its host bits (those beyond {@code prefix}) all set, or all cleared. */
    private static InetAddress hostBits(InetAddress address, int prefix, boolean set) {
        byte[] bytes = address.getAddress();
        for (int bit = prefix; bit < 32; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if (set) {
                bytes[bit / 8] |= (byte) mask;
            } else {
                bytes[bit / 8] &= (byte) ~mask;
            }
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void unknown(Statement line, String option) {
        error(line, "unknown option '" + option + "' for " + line.keyword() + "; ignored");
    }

    private void error(Statement line, String message) {
        diagnostics.error(line.location(), block + ": " + message);
    }

    private record Prefixed(InetAddress address, int prefix, boolean prefixGiven) {
    }
}

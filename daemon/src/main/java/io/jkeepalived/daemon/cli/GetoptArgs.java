package io.jkeepalived.daemon.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Reads a command line the way keepalived's {@code getopt_long} does and rewrites every option into one
 * unambiguous form, {@code --long-name} or {@code --long-name=value}, that picocli then parses.
 *
 * <p>Why not let picocli read keepalived's syntax directly: getopt gives an optional argument only when it is
 * attached ({@code -tFILE}, {@code --config-test=FILE}); {@code -t FILE} is {@code -t} followed by a stray
 * word. picocli would take {@code FILE} as the value, and for {@code -t} that means appending diagnostics to
 * whatever file follows. getopt also takes the next word as a required argument even when it starts with a dash
 * ({@code -f -n} reads the file {@code -n}) and accepts unambiguous prefixes of long names ({@code --use=x}).
 *
 * <p>The option table is the picocli {@link CommandSpec} itself, so an option is declared once. An option whose
 * arity is 0 takes no argument, arity 1 a required one, arity 0..1 an optional (attached only) one. Every
 * option must have a long name. Processing stops at the first word that is not an option (or after
 * {@code --}): the rest is passed through untouched, which is where picocli subcommands will start. An option
 * in {@code modeSwitches} also ends processing and drops the words after it, because keepalived hands them to
 * another program (genhash).
 */
public final class GetoptArgs {
    private enum ArgKind { NONE, REQUIRED, OPTIONAL }

    private record Known(String canonical, ArgKind kind) {
    }

    private final Map<String, Known> longNames = new LinkedHashMap<>();
    private final Map<Character, Known> shortNames = new LinkedHashMap<>();
    private final Set<String> modeSwitches;

    public GetoptArgs(CommandSpec spec, Set<String> modeSwitches) {
        this.modeSwitches = Set.copyOf(modeSwitches);
        for (OptionSpec option : spec.options()) {
            String canonical = option.longestName();
            if (!canonical.startsWith("--")) {
                throw new IllegalArgumentException("option " + canonical + " needs a long name");
            }
            Known known = new Known(canonical, kindOf(option));
            for (String name : option.names()) {
                if (name.startsWith("--")) {
                    longNames.put(name.substring(2), known);
                } else if (name.length() == 2 && name.charAt(0) == '-') {
                    shortNames.put(name.charAt(1), known);
                } else {
                    throw new IllegalArgumentException("option name " + name + " is neither -x nor --name");
                }
            }
        }
    }

    private static ArgKind kindOf(OptionSpec option) {
        if (option.arity().max() == 0) {
            return ArgKind.NONE;
        }
        return option.arity().min() == 0 ? ArgKind.OPTIONAL : ArgKind.REQUIRED;
    }

    /** The same command line with every option in canonical form; words after the options are kept as given. */
    public List<String> normalize(List<String> args) throws UsageException {
        List<String> out = new ArrayList<>();
        scan(args, out);
        return out;
    }

    /**
     * The words a mode switch hands on: everything after the word that holds it ({@code -T}, {@code -nT},
     * {@code --genhash}); empty when no mode switch ends processing.
     */
    public Optional<List<String>> afterModeSwitch(List<String> args) throws UsageException {
        int next = scan(args, new ArrayList<>());
        return next < 0 ? Optional.of(List.copyOf(args.subList(-next - 1, args.size()))) : Optional.empty();
    }

    /** Returns args.size() when processing ran out, or -(index of the word after a mode switch) - 1. */
    private int scan(List<String> args, List<String> out) throws UsageException {
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                out.addAll(args.subList(i, args.size()));
                return args.size();
            }
            int next;
            if (arg.startsWith("--")) {
                next = longOption(args, i, out);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                next = shortCluster(args, i, out);
            } else {
                out.addAll(args.subList(i, args.size()));
                return args.size();
            }
            if (next < 0) {
                return -(i + 1) - 1;
            }
            i = next;
        }
        return args.size();
    }

    /** Returns the index of the next word, or -1 when a mode switch ended processing. */
    private int longOption(List<String> args, int i, List<String> out) throws UsageException {
        String word = args.get(i).substring(2);
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        String attached = eq < 0 ? null : word.substring(eq + 1);
        Known option = lookupLong(name);
        switch (option.kind()) {
            case NONE -> {
                if (attached != null) {
                    throw new UsageException("option " + option.canonical() + " does not take a value");
                }
                out.add(option.canonical());
                return modeSwitches.contains(option.canonical()) ? -1 : i + 1;
            }
            case OPTIONAL -> {
                out.add(option.canonical() + "=" + (attached == null ? "" : attached));
                return i + 1;
            }
            default -> {
                String value = attached;
                int next = i + 1;
                if (value == null && next < args.size()) {
                    value = args.get(next);
                    next++;
                }
                if (value == null || value.isEmpty()) {
                    throw new UsageException("missing parameter for option " + option.canonical());
                }
                out.add(option.canonical() + "=" + value);
                return next;
            }
        }
    }

    private Known lookupLong(String name) throws UsageException {
        Known exact = longNames.get(name);
        if (exact != null) {
            return exact;
        }
        Set<String> candidates = new TreeSet<>();
        Known found = null;
        for (Map.Entry<String, Known> entry : longNames.entrySet()) {
            if (!name.isEmpty() && entry.getKey().startsWith(name)) {
                candidates.add(entry.getValue().canonical());
                found = entry.getValue();
            }
        }
        if (candidates.size() == 1) {
            return found;
        }
        if (candidates.isEmpty()) {
            throw new UsageException("unknown option --" + name);
        }
        throw new UsageException("option --" + name + " is ambiguous; possibilities: " + String.join(" ", candidates));
    }

    private int shortCluster(List<String> args, int i, List<String> out) throws UsageException {
        String cluster = args.get(i);
        for (int pos = 1; pos < cluster.length(); pos++) {
            char c = cluster.charAt(pos);
            Known option = shortNames.get(c);
            if (option == null) {
                throw new UsageException("unknown option -" + c);
            }
            String rest = cluster.substring(pos + 1);
            switch (option.kind()) {
                case NONE -> {
                    out.add(option.canonical());
                    if (modeSwitches.contains(option.canonical())) {
                        return -1;
                    }
                }
                case OPTIONAL -> {
                    out.add(option.canonical() + "=" + rest);
                    return i + 1;
                }
                default -> {
                    if (!rest.isEmpty()) {
                        out.add(option.canonical() + "=" + rest);
                        return i + 1;
                    }
                    if (i + 1 >= args.size() || args.get(i + 1).isEmpty()) {
                        throw new UsageException("missing parameter for option -" + c);
                    }
                    out.add(option.canonical() + "=" + args.get(i + 1));
                    return i + 2;
                }
            }
        }
        return i + 1;
    }
}

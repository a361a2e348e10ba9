package io.jkeepalived.it.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a lab script saw of the IPVS table while it played a script of events: for each step, when the event
 * happened and every distinct {@code ipvsadm-save -n} table polled afterwards, stamped with the VM's clock
 * (bash's EPOCHREALTIME, seconds with microseconds).
 *
 * <p>The script writes, per step: {@code @event NAME TIME}, then for the first poll and every poll whose table
 * differs from the one before, {@code @table TIME}, the table's lines, {@code @end}; and finally
 * {@code @settled NAME TIME matched|timeout [polling statistics]}. A table's stamp is taken after ipvsadm-save
 * returned, so it is an upper bound of when the kernel's table changed.
 */
record TableTimeline(List<Step> steps) {

    /** One table as polled. {@code lines} are sorted: the kernel's listing order is not what is compared. */
    record Seen(double at, List<String> lines) {
    }

    record Step(String name, double eventAt, List<Seen> seen, double settledAt, boolean matched, String polling) {

        /** The longest time between two polls in the step (the script's {@code maxgap=Nms}), 0 when unknown. */
        double maxPollGap() {
            for (String word : polling.split(" ")) {
                if (word.startsWith("maxgap=") && word.endsWith("ms")) {
                    return Integer.parseInt(word.substring(7, word.length() - 2)) / 1000.0;
                }
            }
            return 0;
        }

        /** The table at the end of the step. */
        List<String> finalTable() {
            return seen.isEmpty() ? List.of() : seen.get(seen.size() - 1).lines();
        }

        /** Seconds from the event until the service's part of the table first equalled {@code expected}'s. */
        Optional<Double> firstSeen(String service, List<String> expected) {
            List<String> want = part(expected, service);
            return seen.stream().filter(s -> part(s.lines(), service).equals(want)).findFirst()
                    .map(s -> s.at() - eventAt);
        }

        /**
         * Seconds from the event until the service's part of the table equalled {@code expected}'s part and
         * stayed so until the step ended; empty when it did not end that way.
         */
        Optional<Double> reached(String service, List<String> expected) {
            List<String> want = part(expected, service);
            int from = seen.size();
            while (from > 0 && part(seen.get(from - 1).lines(), service).equals(want)) {
                from--;
            }
            if (from == seen.size()) {
                return Optional.empty();
            }
            return Optional.of(seen.get(from).at() - eventAt);
        }
    }

    Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in the timeline: " + names()));
    }

    List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    /**
     * The lines of {@code table} that belong to {@code service} ("192.168.1.200:8099": the word after
     * {@code -t}, {@code -u} or {@code -f}), sorted.
     */
    static List<String> part(List<String> table, String service) {
        TreeSet<String> out = new TreeSet<>();
        for (String line : table) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if ((words[i].equals("-t") || words[i].equals("-u") || words[i].equals("-f"))
                        && words[i + 1].equals(service)) {
                    out.add(line.trim());
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    static List<String> sorted(List<String> lines) {
        TreeSet<String> out = new TreeSet<>();
        lines.stream().map(String::trim).filter(l -> !l.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }

    static TableTimeline parse(String log) {
        List<Step> steps = new ArrayList<>();
        String name = null;
        double eventAt = 0;
        List<Seen> seen = new ArrayList<>();
        List<String> table = null;
        double tableAt = 0;
        for (String raw : log.split("\n")) {
            String line = raw.strip();
            if (table != null) {
                if (line.equals("@end")) {
                    seen.add(new Seen(tableAt, sorted(table)));
                    table = null;
                } else {
                    table.add(line);
                }
                continue;
            }
            String[] w = line.split(" ");
            switch (w[0]) {
                case "@event" -> {
                    name = w[1];
                    eventAt = Double.parseDouble(w[2]);
                    seen = new ArrayList<>();
                }
                case "@table" -> {
                    tableAt = Double.parseDouble(w[1]);
                    table = new ArrayList<>();
                }
                case "@settled" -> {
                    if (!w[1].equals(name)) {
                        throw new IllegalArgumentException("step " + w[1] + " settled inside step " + name);
                    }
                    steps.add(new Step(name, eventAt, List.copyOf(seen), Double.parseDouble(w[2]),
                            w[3].equals("matched"), String.join(" ", Arrays.asList(w).subList(4, w.length))));
                    name = null;
                }
                default -> {
                    if (!line.isEmpty()) {
                        throw new IllegalArgumentException("unexpected timeline line: " + line);
                    }
                }
            }
        }
        return new TableTimeline(List.copyOf(steps));
    }

    /** Every step with the tables seen, times relative to the step's event, for a failure message or a log. */
    String describe() {
        StringBuilder out = new StringBuilder();
        for (Step s : steps) {
            out.append(String.format("%s (%s after %.2f s; %s)%n", s.name(), s.matched() ? "matched" : "TIMED OUT",
                    s.settledAt() - s.eventAt(), s.polling()));
            for (Seen seen : s.seen()) {
                out.append(String.format("  +%.2f s%n", seen.at() - s.eventAt()));
                seen.lines().forEach(l -> out.append("    ").append(l).append('\n'));
            }
        }
        return out.toString();
    }
}

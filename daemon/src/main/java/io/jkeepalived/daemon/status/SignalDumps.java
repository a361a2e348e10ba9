package io.jkeepalived.daemon.status;

import io.jkeepalived.daemon.IoErrors;
import io.jkeepalived.vrrp.DropReason;
import io.jkeepalived.vrrp.runtime.VrrpSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's signal dumps: SIGUSR1 writes {@code /tmp/keepalived.data} (configuration and state), SIGUSR2
 * {@code /tmp/keepalived.stats} (each VRRP instance's counters), as keepalived 2.2.7 does: same file names,
 * same directory, replaced at each signal, mode 0600. The text is ours, not keepalived's: the data file is the
 * {@code jkeepalived status} table followed by the configuration in force in canonical form ({@code -d}); the
 * stats file has one {@code name = value} line per counter, named as in the status JSON.
 *
 * <p>A file is written under a temporary name in the same directory and renamed into place: /tmp is writable
 * by everyone, and a symlink planted at the well-known name is replaced, never followed.
 */
public final class SignalDumps {
    private static final Logger log = LoggerFactory.getLogger(SignalDumps.class);

    public static final Path DEFAULT_DIRECTORY = Path.of("/tmp");
    public static final String DATA_FILE = "keepalived.data";
    public static final String STATS_FILE = "keepalived.stats";

    private final Path directory;
    private final StatusService status;
    private final Supplier<String> configuration;

    /** @param configuration the configuration in force, in canonical form */
    public SignalDumps(Path directory, StatusService status, Supplier<String> configuration) {
        this.directory = directory;
        this.status = status;
        this.configuration = configuration;
    }

    /** SIGUSR1. */
    public void data() {
        StatusReport report = status.report();
        String config;
        try {
            config = configuration.get();
        } catch (RuntimeException e) {
            config = "(cannot write the configuration: " + e + ")\n";
        }
        write(directory.resolve(DATA_FILE), dataText(report, config), "SIGUSR1");
    }

    /** SIGUSR2. */
    public void stats() {
        write(directory.resolve(STATS_FILE), statsText(status.report()), "SIGUSR2");
    }

    static String dataText(StatusReport report, String configuration) {
        return "jkeepalived data, written on SIGUSR1 at " + report.at() + "\n\n"
                + "------< Status >------\n"
                + StatusTable.render((Map<?, ?>) JsonReader.parse(StatusJson.write(report)))
                + "\n------< Configuration in force (canonical form, as -d writes it) >------\n"
                + configuration;
    }

    static String statsText(StatusReport report) {
        StringBuilder s = new StringBuilder("jkeepalived VRRP statistics, written on SIGUSR2 at ")
                .append(report.at()).append('\n');
        if (report.vrrp().snapshot().isEmpty()) {
            s.append("VRRP: ").append(report.vrrp().state().name().toLowerCase(java.util.Locale.ROOT))
                    .append(", no instance\n");
        }
        report.vrrp().snapshot().ifPresent(snapshot -> {
            for (VrrpSnapshot.Instance i : snapshot.instances()) {
                VrrpSnapshot.Counters c = i.counters();
                s.append("\nvrrp_instance ").append(i.name()).append('\n')
                        .append("  state = ").append(i.state()).append('\n')
                        .append("  adverts_sent = ").append(c.advertsSent()).append('\n')
                        .append("  adverts_received = ").append(c.advertsReceived()).append('\n')
                        .append("  became_master = ").append(c.becameMaster()).append('\n')
                        .append("  released_master = ").append(c.releasedMaster()).append('\n')
                        .append("  priority_zero_sent = ").append(c.priorityZeroSent()).append('\n')
                        .append("  priority_zero_received = ").append(c.priorityZeroReceived()).append('\n')
                        .append("  send_errors = ").append(c.sendErrors()).append('\n')
                        .append("  dropped_total = ").append(c.dropped()).append('\n');
                drops(s, i.drops());
            }
            s.append("\nnot for any instance here\n");
            drops(s, snapshot.unroutedDrops());
        });
        report.errors().forEach(e -> s.append("incomplete: ").append(e).append('\n'));
        return s.toString();
    }

    private static void drops(StringBuilder s, Map<DropReason, Long> drops) {
        for (DropReason r : DropReason.values()) {
            s.append("  dropped.").append(r.key()).append(" = ").append(drops.getOrDefault(r, 0L)).append('\n');
        }
    }

    private static void write(Path target, String text, String signal) {
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("{}: wrote {}", signal, target);
        } catch (IOException | RuntimeException e) {
            log.error("{}: cannot write {}: {}", signal, target,
                    e instanceof IOException io ? IoErrors.describe(io) : e.toString());
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the error above says enough
                }
            }
        }
    }
}

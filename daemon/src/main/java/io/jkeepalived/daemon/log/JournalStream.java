package io.jkeepalived.daemon.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether stderr is systemd's journal. systemd sets {@code JOURNAL_STREAM=DEVICE:INODE} for a service whose
 * output goes to the journal; a child that redirected stderr still inherits the variable, so systemd.exec(5)
 * says to compare it with stderr's own device and inode. That comparison is what {@link #matches} does.
 */
public final class JournalStream {
    /** Device and inode numbers of an open file, as stat(2) gives them. */
    public record FileId(long device, long inode) {
    }

    private JournalStream() {
    }

    public static boolean isStderrJournal(Map<String, String> env) {
        return matches(env.get("JOURNAL_STREAM"), stderrId());
    }

    /**
     * @param journalStream the variable's value, or {@code null} when unset
     * @param stderr        stderr's identity, or empty when it could not be read; then the variable alone decides
     */
    public static boolean matches(String journalStream, Optional<FileId> stderr) {
        if (journalStream == null) {
            return false;
        }
        Optional<FileId> announced = parse(journalStream);
        if (announced.isEmpty()) {
            return false;
        }
        return stderr.map(announced.get()::equals).orElse(true);
    }

    static Optional<FileId> parse(String journalStream) {
        int colon = journalStream.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileId(Long.parseLong(journalStream.substring(0, colon).strip()),
                    Long.parseLong(journalStream.substring(colon + 1).strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** stat(2) of fd 2: /proc/self/fd/2 links to the open file itself, socket and pipe included. */
    static Optional<FileId> stderrId() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            return Optional.of(new FileId(((Number) Files.getAttribute(fd2, "unix:dev")).longValue(),
                    ((Number) Files.getAttribute(fd2, "unix:ino")).longValue()));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}

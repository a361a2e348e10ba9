package io.jkeepalived.daemon.log;

import java.util.Map;

/**
 * How log lines are written.
 *
 * @param journal whether stderr is connected to systemd's journal: lines then carry a {@code <N>} priority
 *                prefix and no timestamp (the journal adds its own)
 * @param detail  how many times {@code -D} was given: 0 INFO, 1 DEBUG for jkeepalived with logger names,
 *                2 or more TRACE for jkeepalived and DEBUG for the libraries it uses
 */
public record LogSettings(boolean journal, int detail) {
    public LogSettings {
        if (detail < 0) {
            throw new IllegalArgumentException("detail must not be negative");
        }
    }

    /** Before the command line is read: INFO, in the format the real stderr calls for. */
    public static LogSettings defaults(Map<String, String> env) {
        return new LogSettings(JournalStream.isStderrJournal(env), 0);
    }

    public boolean detailed() {
        return detail > 0;
    }
}

package io.jkeepalived.it.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What one run of a script in the kernel lab VM left behind.
 *
 * @param exitStatus the script's exit status, or 124 when the timeout struck before it ended
 * @param stdout the script's standard output (partial when timed out)
 * @param stderr the script's standard error (partial when timed out)
 * @param timedOut true when the overall timeout killed the VM
 * @param elapsed wall time of the whole run, boot included
 * @param bootToScript the VM's uptime when the script started, when known
 * @param runDir the run folder (script, outputs, console.log), mounted at the same path inside the VM
 * @param consoleLog the VM's serial console, for debugging boots and kernel messages
 */
public record LabResult(int exitStatus, String stdout, String stderr, boolean timedOut, Duration elapsed,
                        Optional<Duration> bootToScript, Path runDir, Path consoleLog) {

    public boolean succeeded() {
        return !timedOut && exitStatus == 0;
    }

    /** A summary to put in assertion messages: enough to see what went wrong without opening files. */
    public String describe() {
        return "lab run " + runDir + (timedOut ? " timed out" : " exited " + exitStatus)
                + " after " + elapsed.toMillis() + " ms"
                + "\n--- stdout ---\n" + tail(stdout)
                + "\n--- stderr ---\n" + tail(stderr)
                + "\n--- console log: " + consoleLog;
    }

    private static String tail(String text) {
        int keep = 4000;
        return text.length() <= keep ? text : "[...]" + text.substring(text.length() - keep);
    }
}

package io.jkeepalived.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeepalived.config.Diagnostic;
import io.jkeepalived.config.Severity;
import io.jkeepalived.config.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTestVerdictTest {
    private static Diagnostic d(Severity severity) {
        return new Diagnostic(severity, new SourceLocation(Path.of("k.conf"), 1), "m");
    }

    @Test
    void exitCodesAreTheOnesKeepalivedReturns() {
        assertEquals(0, ConfigTestVerdict.CLEAN.exitCode());
        assertEquals(4, ConfigTestVerdict.CANNOT_RUN.exitCode());
        assertEquals(5, ConfigTestVerdict.PROBLEMS.exitCode());
        assertEquals(6, ConfigTestVerdict.SCRIPTS_WITHOUT_SECURITY.exitCode());
    }

    @Test
    void nothingReportedIsClean() {
        assertEquals(ConfigTestVerdict.CLEAN, ConfigTestVerdict.of(List.of(), false));
    }

    @Test
    void warningsOrErrorsAreProblems() {
        assertEquals(ConfigTestVerdict.PROBLEMS, ConfigTestVerdict.of(List.of(d(Severity.WARNING)), false));
        assertEquals(ConfigTestVerdict.PROBLEMS, ConfigTestVerdict.of(List.of(d(Severity.ERROR)), false));
        assertEquals(ConfigTestVerdict.PROBLEMS,
                ConfigTestVerdict.of(List.of(d(Severity.ERROR), d(Severity.WARNING)), false));
    }

    @Test
    void anyFatalMeansCannotRunWhateverElseIsReported() {
        assertEquals(ConfigTestVerdict.CANNOT_RUN, ConfigTestVerdict.of(List.of(d(Severity.FATAL)), false));
        assertEquals(ConfigTestVerdict.CANNOT_RUN,
                ConfigTestVerdict.of(List.of(d(Severity.FATAL), d(Severity.WARNING)), false));
        // keepalived keeps the numerically highest config_err, so a later warning hides a fatal; we do not.
        assertEquals(ConfigTestVerdict.CANNOT_RUN,
                ConfigTestVerdict.of(List.of(d(Severity.WARNING), d(Severity.FATAL)), true));
    }

    @Test
    void scriptsWithoutSecurityOutrankOrdinaryProblemsAsInKeepalived() {
        assertEquals(ConfigTestVerdict.SCRIPTS_WITHOUT_SECURITY, ConfigTestVerdict.of(List.of(), true));
        // Measured with 2.2.7: a MISC_CHECK plus "no scheduler set" warnings exits 6, not 5.
        assertEquals(ConfigTestVerdict.SCRIPTS_WITHOUT_SECURITY,
                ConfigTestVerdict.of(List.of(d(Severity.WARNING), d(Severity.ERROR)), true));
    }
}

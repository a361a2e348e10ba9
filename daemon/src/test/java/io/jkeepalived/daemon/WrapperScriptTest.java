package io.jkeepalived.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packaging/jkeepalived, run by sh with a stand-in java that reports its pid and arguments. */
class WrapperScriptTest {
    private static final Path WRAPPER = Path.of("..", "packaging", "jkeepalived").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void passesArgumentsIntactSplitsJavaOptsWithoutGlobbingAndExecsTheJvm() throws Exception {
        Path javaHome = dir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Path java = javaHome.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"pid $$\"\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A file a glob in JAVA_OPTS would match if the wrapper let the shell expand it.
        Files.writeString(dir.resolve("-Dglob=match"), "");

        ProcessBuilder builder = new ProcessBuilder(WRAPPER.toString(), "-f", "/etc/keepalived/a b.conf", "-D")
                .directory(dir.toFile());
        builder.environment().put("JAVA_HOME", javaHome.toString());
        builder.environment().put("JAVA_OPTS", "-Xmx64m  -Dglob=*");
        builder.environment().remove("JKEEPALIVED_JAR");
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);

        List<String> lines = out.lines().toList();
        assertEquals("pid " + process.pid(), lines.get(0), "exec: the JVM replaces the shell, keeping its pid");
        assertEquals(List.of("[-XX:+ExitOnOutOfMemoryError]", "[-XX:TieredStopAtLevel=1]", "[-Xmx64m]", "[-Dglob=*]", "[-jar]",
                "[/usr/share/jkeepalived/jkeepalived.jar]", "[-f]", "[/etc/keepalived/a b.conf]", "[-D]"),
                lines.subList(1, lines.size()));
    }

    @Test
    void isExecutable() throws IOException {
        assertTrue(Files.isExecutable(WRAPPER), WRAPPER + " must be executable");
    }
}

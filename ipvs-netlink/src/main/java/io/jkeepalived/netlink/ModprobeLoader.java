package io.jkeepalived.netlink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Loads a module with the program the kernel itself uses for module requests (/proc/sys/kernel/modprobe,
 * normally /sbin/modprobe), as {@code modprobe -- MODULE}. Where that file is missing the kernel was built
 * without module support, which is reported as such.
 */
public final class ModprobeLoader implements KernelModuleLoader {

    public static final Path KERNEL_MODPROBE = Path.of("/proc/sys/kernel/modprobe");
    private static final long TIMEOUT_SECONDS = 30;

    private final Path kernelModprobe;

    public ModprobeLoader() {
        this(KERNEL_MODPROBE);
    }

    /** For tests: where to read the modprobe program's path from. */
    public ModprobeLoader(Path kernelModprobe) {
        this.kernelModprobe = kernelModprobe;
    }

    @Override
    public Result load(String module) {
        String program;
        try {
            program = Files.readString(kernelModprobe, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return new Result(false, "the kernel has no module support (" + kernelModprobe + " is missing)");
        }
        if (program.isEmpty()) {
            return new Result(false, "module loading is disabled (" + kernelModprobe + " is empty)");
        }
        ProcessBuilder pb = new ProcessBuilder(program, "--", module).redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] output = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(false, program + " -- " + module + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = firstLine(new String(output, StandardCharsets.UTF_8));
            int status = p.exitValue();
            String detail = program + " -- " + module + " exited " + status + (text.isEmpty() ? "" : ": " + text);
            return new Result(status == 0, detail);
        } catch (IOException e) {
            return new Result(false, "could not run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while running " + program);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (out.size() < 64 * 1024) {
                out.write(chunk, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}

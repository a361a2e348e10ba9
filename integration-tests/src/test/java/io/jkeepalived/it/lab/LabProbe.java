package io.jkeepalived.it.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A main for {@link KernelLab#runJava}: reports where it runs, writes to both streams, and exits with the
 * status given as {@code exit=N}, so a test sees a JVM inside the VM from end to end.
 */
public final class LabProbe {

    private LabProbe() {
    }

    public static void main(String[] args) throws Exception {
        int exit = 0;
        for (String arg : args) {
            if (arg.startsWith("exit=")) {
                exit = Integer.parseInt(arg.substring("exit=".length()));
            }
        }
        System.out.println("lab-probe os.version=" + System.getProperty("os.version"));
        System.out.println("lab-probe java.version=" + System.getProperty("java.version"));
        System.out.println("lab-probe args=" + List.of(args));
        // /proc/modules is the VM kernel's: proof that the JVM is not on the host.
        boolean ipvsLoaded = Files.readAllLines(Path.of("/proc/modules")).stream().anyMatch(l -> l.startsWith("ip_vs "));
        System.out.println("lab-probe ip_vs-loaded=" + ipvsLoaded);
        System.err.println("lab-probe exiting with " + exit);
        System.exit(exit);
    }
}

package io.jkeepalived.netlink;

/** Asks the kernel to load a module, the way ipvsadm runs modprobe when the IPVS family is missing. */
@FunctionalInterface
public interface KernelModuleLoader {

    /**
     * What happened.
     *
     * @param loaded true when the loader reports success
     * @param detail the loader's own words (exit status, first line of its output), for the error report
     */
    record Result(boolean loaded, String detail) {
    }

    Result load(String module);
}

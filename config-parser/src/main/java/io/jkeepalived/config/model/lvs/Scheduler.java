package io.jkeepalived.config.model.lvs;

import java.util.Optional;

/** The IPVS schedulers keepalived accepts in {@code lvs_sched} / {@code lb_algo}; the name is the kernel's. */
public enum Scheduler {
    RR, WRR, LC, WLC, LBLC, LBLCR, DH, SH, SED, NQ, FO, OVF, MH, TWOS;

    /** keepalived's default when a virtual server names none. */
    public static final Scheduler DEFAULT = WLC;

    /** The kernel module suffix and the configuration word, e.g. {@code wlc}. */
    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Exact, case-sensitive, as keepalived compares scheduler names. */
    public static Optional<Scheduler> byKernelName(String word) {
        for (Scheduler s : values()) {
            if (s.kernelName().equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

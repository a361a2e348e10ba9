package io.jkeepalived.config.model.lvs;

/**
 * The three scheduler-specific IPVS service flags. {@code sh-fallback}/{@code mh-fallback} are flag 1 and
 * {@code sh-port}/{@code mh-port} are flag 2 in the kernel, so the model keeps only the bits.
 */
public enum SchedulerFlag {
    FLAG_1(0x0008),
    FLAG_2(0x0010),
    FLAG_3(0x0020);

    private final int kernelBit;

    SchedulerFlag(int kernelBit) {
        this.kernelBit = kernelBit;
    }

    /** The IP_VS_SVC_F_SCHEDn bit. */
    public int kernelBit() {
        return kernelBit;
    }

    /** The keyword an operator writes for this flag under {@code scheduler}, e.g. {@code sh-port}. */
    public String keyword(Scheduler scheduler) {
        if (scheduler == Scheduler.SH || scheduler == Scheduler.MH) {
            String prefix = scheduler.kernelName();
            if (this == FLAG_1) {
                return prefix + "-fallback";
            }
            if (this == FLAG_2) {
                return prefix + "-port";
            }
        }
        return "flag-" + (ordinal() + 1);
    }
}

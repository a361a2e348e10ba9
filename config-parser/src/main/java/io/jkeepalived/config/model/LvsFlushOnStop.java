package io.jkeepalived.config.model;

/** What keepalived removes from IPVS when it stops ({@code lvs_flush_on_stop}). */
public enum LvsFlushOnStop {
    /** Delete each real server and virtual server it added, one by one (keepalived's default). */
    NONE,
    /** Flush the whole IPVS table ({@code lvs_flush_on_stop}). */
    FULL,
    /** Delete each virtual server it added; the kernel drops their real servers ({@code lvs_flush_on_stop VS}). */
    VS
}

package io.jkeepalived.daemon;

import io.jkeepalived.config.model.KeepalivedConfig;

/**
 * keepalived's script-security finding: scripts are configured while {@code global_defs} lacks
 * {@code enable_script_security}. keepalived then still runs them but logs a SECURITY VIOLATION, and
 * {@code -t} exits 6. Measured with 2.2.7: exit 6 for a vrrp_instance with only {@code notify}, for one that
 * tracks a vrrp_script, and for a MISC_CHECK (even alongside other warnings); exit 0 for a vrrp_script that no
 * instance tracks.
 */
public final class ScriptSecurity {
    private ScriptSecurity() {
    }

    /**
     * TEMPORARY GAP, to be completed by the lead at merge: the model does not carry the needed fields yet
     * ({@code GlobalDefs} is an empty record on this branch). The finished body must return true when
     * {@code GlobalDefs.enableScriptSecurity} is false and any script is configured: the {@code script} of a
     * {@code vrrp_script} that some instance tracks, any {@code notify*} of a vrrp_instance or vrrp_sync_group, a {@code MISC_CHECK}'s
     * {@code misc_path}, a real_server's {@code notify_up}/{@code notify_down}, a virtual_server's
     * {@code quorum_up}/{@code quorum_down}, or global_defs' {@code startup_script}/{@code shutdown_script}.
     * Until then it reports no finding, so {@code -t} never exits 6.
     */
    public static boolean scriptsWithoutSecurity(KeepalivedConfig config) {
        return false;
    }
}

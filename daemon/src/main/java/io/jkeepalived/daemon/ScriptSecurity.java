package io.jkeepalived.daemon;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.TrackedScript;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * keepalived's script-security finding: scripts are configured while {@code global_defs} lacks
 * {@code enable_script_security}. keepalived then still runs them but logs a SECURITY VIOLATION, and
 * {@code -t} exits 6. Measured with 2.2.7: exit 6 for a vrrp_instance with only {@code notify}, for one that
 * tracks a vrrp_script, and for a MISC_CHECK (even alongside other warnings); exit 0 for a vrrp_script that no
 * instance tracks, because a script that is never run is no risk.
 */
public final class ScriptSecurity {
    private ScriptSecurity() {
    }

    /** True when some script would run and {@code enable_script_security} is off. */
    public static boolean scriptsWithoutSecurity(KeepalivedConfig config) {
        GlobalDefs global = config.globalDefs();
        if (global.enableScriptSecurity()) {
            return false;
        }
        return global.startupScript().isPresent() || global.shutdownScript().isPresent()
                || vrrpRunsScripts(config.vrrp()) || checkersRunScripts(config);
    }

    private static boolean vrrpRunsScripts(VrrpConfig vrrp) {
        Set<String> tracked = new HashSet<>();
        vrrp.instances().forEach(i -> i.trackScripts().stream().map(TrackedScript::name).forEach(tracked::add));
        vrrp.syncGroups().forEach(g -> g.trackScripts().stream().map(TrackedScript::name).forEach(tracked::add));
        boolean trackedScriptDefined = vrrp.scripts().stream().anyMatch(s -> tracked.contains(s.name()));
        boolean notifies = Stream.concat(vrrp.instances().stream().map(i -> i.notifyScripts()),
                vrrp.syncGroups().stream().map(g -> g.notifyScripts())).anyMatch(ScriptSecurity::any);
        return trackedScriptDefined || notifies;
    }

    private static boolean any(NotifyScripts n) {
        return n.master().isPresent() || n.backup().isPresent() || n.fault().isPresent() || n.stop().isPresent()
                || n.any().isPresent() || n.masterRxLowerPri().isPresent();
    }

    private static boolean checkersRunScripts(KeepalivedConfig config) {
        for (VirtualServer vs : config.lvs().virtualServers()) {
            if (vs.quorumUp().isPresent() || vs.quorumDown().isPresent()) {
                return true;
            }
            for (RealServer rs : vs.realServers()) {
                if (rs.notifyUp().isPresent() || rs.notifyDown().isPresent()
                        || rs.checkers().stream().anyMatch(c -> c instanceof MiscCheck)) {
                    return true;
                }
            }
        }
        return false;
    }
}

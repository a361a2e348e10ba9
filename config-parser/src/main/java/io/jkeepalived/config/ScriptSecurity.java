package io.jkeepalived.config;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.KeepalivedConfig;
import io.jkeepalived.config.model.NotifyFifo;
import io.jkeepalived.config.model.NotifyScripts;
import io.jkeepalived.config.model.VrrpConfig;
import io.jkeepalived.config.model.lvs.MiscCheck;
import io.jkeepalived.config.model.lvs.RealServer;
import io.jkeepalived.config.model.lvs.VirtualServer;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * keepalived's script-security finding: scripts would be run while {@code global_defs} lacks
 * {@code enable_script_security}. keepalived still runs them, but reports a SECURITY VIOLATION and {@code -t}
 * exits 6. The rules are keepalived 2.2.7's three checks (vrrp.c check_vrrp_script_security, check_data.c
 * check_check_script_security, main.c for start/shutdown scripts), measured with {@code -t}:
 * <ul>
 * <li>VRRP, only when at least one vrrp_instance survives: any vrrp_script, tracked or not (exit 6 even for a
 *     script nothing tracks), any notify script of an instance or sync group, the notify_fifo and
 *     vrrp_notify_fifo scripts;</li>
 * <li>checker, only when at least one virtual_server survives: MISC_CHECK, notify_up/notify_down, quorum_up/
 *     quorum_down, the notify_fifo and lvs_notify_fifo scripts;</li>
 * <li>startup_script and shutdown_script, always.</li>
 * </ul>
 * A vrrp_script alone, without any vrrp_instance, is therefore no violation (exit 0).
 */
public final class ScriptSecurity {
    private ScriptSecurity() {
    }

    /** True when some script counts for keepalived's check and {@code enable_script_security} is off. */
    public static boolean scriptsWithoutSecurity(KeepalivedConfig config) {
        GlobalDefs global = config.globalDefs();
        if (global.enableScriptSecurity()) {
            return false;
        }
        return global.startupScript().isPresent() || global.shutdownScript().isPresent()
                || vrrpRunsScripts(global, config.vrrp()) || checkersRunScripts(global, config);
    }

    private static boolean vrrpRunsScripts(GlobalDefs global, VrrpConfig vrrp) {
        if (vrrp.instances().isEmpty()) {
            return false;
        }
        boolean notifies = Stream.concat(vrrp.instances().stream().map(i -> i.notifyScripts()),
                vrrp.syncGroups().stream().map(g -> g.notifyScripts())).anyMatch(ScriptSecurity::any);
        return !vrrp.scripts().isEmpty() || !vrrp.untrackedScripts().isEmpty() || notifies
                || fifoScript(global.notifyFifo()) || fifoScript(global.vrrpNotifyFifo());
    }

    private static boolean any(NotifyScripts n) {
        return n.master().isPresent() || n.backup().isPresent() || n.fault().isPresent() || n.stop().isPresent()
                || n.any().isPresent() || n.masterRxLowerPri().isPresent();
    }

    private static boolean checkersRunScripts(GlobalDefs global, KeepalivedConfig config) {
        if (config.lvs().virtualServers().isEmpty()) {
            return false;
        }
        if (fifoScript(global.notifyFifo()) || fifoScript(global.lvsNotifyFifo())) {
            return true;
        }
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

    private static boolean fifoScript(Optional<NotifyFifo> fifo) {
        return fifo.flatMap(NotifyFifo::script).isPresent();
    }
}

package io.jkeepalived.vrrp.runtime;

import io.jkeepalived.config.model.GlobalDefs;
import io.jkeepalived.config.model.NotifyFifo;
import io.jkeepalived.config.model.ScriptUser;
import io.jkeepalived.exec.RunAs;
import io.jkeepalived.exec.ScriptUserDefault;
import io.jkeepalived.fifo.NotifyFifos;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which notify FIFOs the VRRP side writes to, as keepalived 2.2.7's VRRP process: notify_fifo and
 * vrrp_notify_fifo; vrrp_notify_fifo is ignored when it is the same path as notify_fifo (keepalived: "has been
 * specified for global and vrrp FIFO - ignoring vrrp FIFO"), since every line would be written twice.
 */
public final class VrrpFifos {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpFifos.class);

    private VrrpFifos() {
    }

    /**
     * @param globalScript whether this side starts notify_fifo_script: keepalived starts it in its checker
     *                     process when that runs, else in the VRRP process, so that it runs once
     */
    public static List<NotifyFifos.Spec> specs(GlobalDefs g, boolean globalScript) {
        List<NotifyFifos.Spec> out = new ArrayList<>();
        Optional<NotifyFifo> global = g.notifyFifo();
        Optional<NotifyFifo> vrrp = g.vrrpNotifyFifo();
        if (global.isPresent() && vrrp.isPresent() && global.get().path().equals(vrrp.get().path())) {
            LOG.info("notify FIFO {} has been specified for global and vrrp FIFO - ignoring vrrp FIFO",
                    vrrp.get().path());
            vrrp = Optional.empty();
        }
        global.ifPresent(f -> out.add(spec("", f, g, globalScript)));
        vrrp.ifPresent(f -> out.add(spec("vrrp_", f, g, true)));
        return out;
    }

    /** One FIFO: owned by its own user if given, else by the default script user (keepalived's choice). */
    public static NotifyFifos.Spec spec(String kind, NotifyFifo f, GlobalDefs g, boolean withScript) {
        Optional<RunAs> owner;
        if (f.owner().isPresent()) {
            ScriptUser u = f.owner().get();
            try {
                owner = Optional.of(RunAs.resolve(u.user(), u.group().orElse(null)));
            } catch (IllegalArgumentException e) {
                LOG.info("Invalid user/group for {}notify_fifo {} - not changing its owner: {}", kind, f.path(),
                        e.getMessage());
                owner = Optional.empty();
            }
        } else {
            owner = ScriptUserDefault.choose(g.scriptUser().map(ScriptUser::user),
                    g.scriptUser().flatMap(ScriptUser::group), g.enableScriptSecurity()).runAs();
        }
        Optional<NotifyFifos.Script> script = withScript
                ? f.script().map(c -> new NotifyFifos.Script(c.argv(), c.user(), c.group()))
                : Optional.empty();
        return new NotifyFifos.Spec(kind, f.path(), owner, script);
    }
}

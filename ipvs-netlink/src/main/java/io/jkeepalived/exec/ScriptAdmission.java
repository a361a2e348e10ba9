package io.jkeepalived.exec;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Decides at start, once per configured script, whether it runs and as whom: its own {@code user}, else the
 * {@link ScriptUserDefault default user}, else the daemon's own; then {@link ScriptVetting keepalived's file
 * checks} for that user. The VRRP and checker parts both ask it, so a script is treated the same wherever it
 * is configured.
 */
public final class ScriptAdmission {
    /** keepalived's file checks for a script run as uid:gid ({@link ScriptVetting#vet} in production). */
    @FunctionalInterface
    public interface Vetter {
        ScriptVetting.Verdict vet(List<String> argv, int uid, int gid);
    }

    private final Vetter vetting;
    private final ScriptUserDefault defaults;
    private final BiFunction<String, String, RunAs> lookup;
    private final int[] ownIds;

    public ScriptAdmission(Vetter vetting, ScriptUserDefault defaults, BiFunction<String, String, RunAs> lookup,
                           int[] ownIds) {
        this.vetting = vetting;
        this.defaults = defaults;
        this.lookup = lookup;
        this.ownIds = ownIds.clone();
    }

    /** For this process: the system's users, the daemon's PATH and ids. */
    public static ScriptAdmission forThisProcess(boolean scriptSecurity, Optional<String> scriptUser,
                                                 Optional<String> scriptGroup) {
        return new ScriptAdmission(ScriptVetting.forThisProcess(scriptSecurity)::vet,
                ScriptUserDefault.choose(scriptUser, scriptGroup, scriptSecurity), RunAs::resolve,
                ScriptUserDefault.ownIds());
    }

    /** Why scripts without a user of their own cannot run (to log once at start), if they cannot. */
    public Optional<String> defaultUserProblem() {
        return defaults.problem();
    }

    /**
     * @param argv  the command, argv[0] the program
     * @param user  the script's own {@code user}, if any
     * @param group the script's own group, if any
     */
    public Admission admit(List<String> argv, Optional<String> user, Optional<String> group) {
        Optional<RunAs> runAs;
        if (user.isPresent()) {
            try {
                runAs = Optional.of(lookup.apply(user.get(), group.orElse(null)));
            } catch (IllegalArgumentException e) {
                return Admission.refused(argv, e.getMessage());
            }
        } else if (defaults.problem().isPresent()) {
            return Admission.refused(argv, defaults.problem().get());
        } else {
            runAs = defaults.runAs();
        }
        int uid = runAs.map(RunAs::uid).orElse(ownIds[0]);
        int gid = runAs.map(RunAs::gid).orElse(ownIds[1]);
        ScriptVetting.Verdict v = vetting.vet(argv, uid, gid);
        return new Admission(v.runnable(), v.argv(), runAs, v.insecure(), v.problem());
    }

    /**
     * @param runs     whether the script may run
     * @param argv     what to run
     * @param runAs    as whom (empty: the daemon's own user)
     * @param insecure whether its path could be changed by someone other than root
     * @param problem  why it does not run, or what is insecure about it
     */
    public record Admission(boolean runs, List<String> argv, Optional<RunAs> runAs, boolean insecure,
                            Optional<String> problem) {
        public Admission {
            argv = List.copyOf(argv);
        }

        static Admission refused(List<String> argv, String problem) {
            return new Admission(false, argv, Optional.empty(), false, Optional.of(problem));
        }
    }
}

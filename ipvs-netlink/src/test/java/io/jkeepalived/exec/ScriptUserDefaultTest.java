package io.jkeepalived.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ScriptUserDefaultTest {
    private static BiFunction<String, String, RunAs> users(boolean keepalivedScriptExists) {
        return (user, group) -> switch (user) {
            case "nobody" -> new RunAs("nobody", 65534, group == null ? 65534 : 100);
            case "keepalived_script" -> {
                if (!keepalivedScriptExists) {
                    throw new IllegalArgumentException("unknown user keepalived_script");
                }
                yield new RunAs("keepalived_script", 998, 998);
            }
            default -> throw new IllegalArgumentException("unknown user " + user);
        };
    }

    @Test
    void scriptUserWins() {
        ScriptUserDefault d = ScriptUserDefault.choose(Optional.of("nobody"), Optional.of("users"), true, users(true));
        assertEquals(Optional.of(new RunAs("nobody", 65534, 100)), d.runAs());
        assertEquals(Optional.empty(), d.problem());
    }

    @Test
    void elseKeepalivedScriptWhenItExists() {
        ScriptUserDefault d = ScriptUserDefault.choose(Optional.empty(), Optional.empty(), false, users(true));
        assertEquals(Optional.of(new RunAs("keepalived_script", 998, 998)), d.runAs());
    }

    @Test
    void elseTheDaemonsOwnUserWithoutScriptSecurityAndNobodyWithIt() {
        ScriptUserDefault lax = ScriptUserDefault.choose(Optional.empty(), Optional.empty(), false, users(false));
        assertEquals(new ScriptUserDefault(Optional.empty(), Optional.empty()), lax);
        ScriptUserDefault strict = ScriptUserDefault.choose(Optional.empty(), Optional.empty(), true, users(false));
        assertEquals(Optional.empty(), strict.runAs());
        assertEquals(Optional.of("unable to set default user keepalived_script for scripts (no such user, and no "
                + "script_user)"), strict.problem());
    }

    @Test
    void anUnknownScriptUserMeansScriptsWithoutAUserCannotRun() {
        ScriptUserDefault d = ScriptUserDefault.choose(Optional.of("ghost"), Optional.empty(), false, users(true));
        assertEquals(Optional.of("script_user ghost: unknown user ghost"), d.problem());
    }
}

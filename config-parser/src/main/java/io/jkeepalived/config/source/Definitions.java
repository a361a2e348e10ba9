package io.jkeepalived.config.source;

import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The {@code $NAME=value} definitions of one read, with keepalived's predefined ones: {@code _PWD} (the directory of
 * the file being read), {@code _INSTANCE} (the config id), {@code _RANDOM [min [max]]}, {@code _HASH} ({@code #})
 * and {@code _BANG} ({@code !}). Definitions are global to the read: one made in an included file is visible after
 * the include, as in keepalived.
 */
final class Definitions {
    enum Builtin { NONE, PWD, INSTANCE, RANDOM }

    static final class Definition {
        final String name;
        String value;
        boolean multiline;
        Builtin builtin = Builtin.NONE;
        int maxParameters;

        Definition(String name, String value, boolean multiline) {
            this.name = name;
            this.value = value;
            this.multiline = multiline;
        }
    }

    private final Map<String, Definition> byName = new HashMap<>();
    private final String configId;
    private final RandomGenerator random;

    Definitions(String configId, RandomGenerator random) {
        this.configId = configId;
        this.random = random;
        builtin("_PWD", Builtin.PWD, 0);
        builtin("_INSTANCE", Builtin.INSTANCE, 0);
        builtin("_RANDOM", Builtin.RANDOM, 2);
        define("_HASH", "#", false);
        define("_BANG", "!", false);
    }

    private void builtin(String name, Builtin kind, int maxParameters) {
        Definition d = define(name, "", false);
        d.builtin = kind;
        d.maxParameters = maxParameters;
    }

    Definition get(String name) {
        return byName.get(name);
    }

    /** Defines or redefines; a redefinition replaces a predefined meaning too. */
    Definition define(String name, String value, boolean multiline) {
        Definition d = byName.get(name);
        if (d == null) {
            d = new Definition(name, value, multiline);
            byName.put(name, d);
        } else {
            d.value = value;
            d.multiline = multiline;
            d.builtin = Builtin.NONE;
            d.maxParameters = 0;
        }
        return d;
    }

    /** A loop variable's value for this turn. */
    void set(String name, String value) {
        define(name, value, false);
    }

    /**
     * The replacement text of {@code d}.
     *
     * @param parameters the digits-and-spaces between the name and '}' in {@code ${_RANDOM 1 10}}, or null
     * @param directory  the directory of the file being read, for {@code _PWD}
     */
    String valueOf(Definition d, String parameters, String directory) {
        return switch (d.builtin) {
            case NONE -> d.value;
            case PWD -> directory;
            case INSTANCE -> configId;
            case RANDOM -> randomValue(parameters);
        };
    }

    private String randomValue(String parameters) {
        long min = 0;
        long max = 32767;
        if (parameters != null) {
            String[] numbers = parameters.trim().split(" +");
            min = parseBounded(numbers[0]);
            if (numbers.length > 1) {
                max = parseBounded(numbers[1]);
            }
        }
        if (min > max) {
            // keepalived 2.4 uses min when the bounds are reversed (2.2.7 divides by zero here).
            max = min;
        }
        return Long.toString(min + random.nextLong(max - min + 1));
    }

    private static long parseBounded(String digits) {
        // The parameters are digits only; anything longer than an int is clamped rather than overflowing.
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        digits = digits.substring(i);
        if (digits.length() > 9) {
            return Integer.MAX_VALUE;
        }
        return Long.parseLong(digits);
    }
}

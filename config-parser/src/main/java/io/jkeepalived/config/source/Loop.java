package io.jkeepalived.config.source;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ~SEQ(var, start, step, end) text}, {@code ~SEQx(...)} or {@code ~LST(var, v1, v2...) text} line: each
 * turn sets the variables and hands out {@code text} once more, to be processed like a line read from the file
 * (so it can hold another loop, definitions, conditionals, braces or an include).
 */
abstract sealed class Loop permits Loop.Sequence, Loop.ValueList {
    final String text;

    private Loop(String text) {
        this.text = text;
    }

    /** Sets this turn's variables, returns the text and moves on; {@link #done()} afterwards tells whether it was the last. */
    abstract String next(Definitions definitions);

    abstract boolean done();

    // ---- ~SEQ ---------------------------------------------------------------------------------------------------

    static final class Sequence extends Loop {
        private final String variable;
        private final boolean hex;
        private final long step;
        private final long last;
        private long current;
        private boolean done;

        Sequence(String variable, long start, long step, long last, boolean hex, String text) {
            super(text);
            this.variable = variable;
            this.current = start;
            this.step = step;
            this.last = last;
            this.hex = hex;
        }

        @Override
        String next(Definitions definitions) {
            definitions.set(variable, hex ? Long.toHexString(current) : Long.toString(current));
            long following = current + step;
            boolean overflow = ((current ^ following) & (step ^ following)) < 0;
            if (overflow || (step > 0 && following > last) || (step < 0 && following < last)) {
                done = true;
            }
            current = following;
            return text;
        }

        @Override
        boolean done() {
            return done;
        }
    }

    // ---- ~LST ---------------------------------------------------------------------------------------------------

    static final class ValueList extends Loop {
        private final List<String> variables;
        private final List<List<String>> valueSets;
        private int index;

        ValueList(List<String> variables, List<List<String>> valueSets, String text) {
            super(text);
            this.variables = variables;
            this.valueSets = valueSets;
        }

        @Override
        String next(Definitions definitions) {
            List<String> values = valueSets.get(index++);
            for (int i = 0; i < variables.size(); i++) {
                definitions.set(variables.get(i), values.get(i));
            }
            return text;
        }

        @Override
        boolean done() {
            return index >= valueSets.size();
        }
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    /** A parsed loop, or the message keepalived would give for the line. */
    record Parsed(Loop loop, String error) {
        static Parsed failed(String error) {
            return new Parsed(null, error);
        }
    }

    /** Expands definitions in the ~SEQ numbers; null result means a multi-line definition was used there. */
    interface ParameterExpander {
        String expand(String parameters);
    }

    /**
     * Parses a line starting {@code ~SEQ}. Syntax and defaults as keepalived 2.2.7 (checked with {@code -t}):
     * one number is the end (start 1, or -1 when the end is negative; step towards the end), two are start and
     * end, three are start, step, end; numbers as C's strtol with base 0 (so {@code 0x10} and {@code 010}); a step
     * of 0 or pointing away from the end is invalid.
     */
    static Parsed parseSequence(String line, ParameterExpander expander) {
        int p = 4;
        boolean hex = false;
        if (charAt(line, p) == 'x') {
            hex = true;
            p++;
        }
        p = skipBlanks(line, p);
        if (charAt(line, p) != '(') {
            return Parsed.failed("Invalid ~SEQ specification '" + line + "'");
        }
        p = skipBlanks(line, p + 1);
        int varStart = p;
        while (p < line.length() && " \t,)".indexOf(line.charAt(p)) < 0) {
            p++;
        }
        String variable = line.substring(varStart, p);
        p = skipBlanks(line, p);
        if (variable.isEmpty() || charAt(line, p) != ',') {
            return Parsed.failed("Invalid ~SEQ definition '" + line + "'");
        }
        p++;
        int close = line.indexOf(')', p);
        if (close < 0) {
            return Parsed.failed("~SEQ missing terminating ')' '" + line + "'");
        }
        String parameters = line.substring(p, close + 1);
        if (parameters.length() > 63) {
            return Parsed.failed("~SEQ parameter strings too long '" + line + "'");
        }
        String expanded = expander.expand(parameters);
        if (expanded == null) {
            return Parsed.failed("~SEQ parameter is multiline definition '" + line + "'");
        }
        Strtol cursor = new Strtol(expanded);
        long one = cursor.next();
        long start;
        long step;
        long end;
        if (cursor.peek() == ')') {
            end = one;
            step = end < 1 ? -1 : 1;
            start = end < 0 ? -1 : 1;
        } else {
            if (cursor.peek() != ',') {
                return Parsed.failed("Invalid ~SEQ definition '" + line + "'");
            }
            cursor.skip();
            long two = cursor.next();
            if (cursor.peek() == ')') {
                start = one;
                end = two;
                step = start <= end ? 1 : -1;
            } else {
                if (cursor.peek() != ',') {
                    return Parsed.failed("Invalid ~SEQ definition '" + line + "'");
                }
                cursor.skip();
                long three = cursor.next();
                if (cursor.peek() != ')') {
                    return Parsed.failed("Invalid ~SEQ definition '" + line + "'");
                }
                start = one;
                step = two;
                end = three;
                if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
                    return Parsed.failed("Invalid ~SEQ values '" + line + "'");
                }
            }
        }
        if (hex && (start < 0 || end < 0)) {
            return Parsed.failed("~SEQx is only valid for positive numbers '" + line + "'");
        }
        String text = line.substring(skipBlanks(line, close + 1));
        return new Parsed(new Sequence(variable, start, step, end, hex, text), null);
    }

    /**
     * Parses a line starting {@code ~LST}: {@code ~LST(var, v1, v2)} or {@code ~LST({a, b}, {1, 2}, {3})}; a
     * missing value is empty, more values than variables is an error (as keepalived 2.2.7, checked with
     * {@code -t}).
     */
    static Parsed parseList(String line) {
        String invalid = "Invalid ~LST specification '" + line + "'";
        int p = skipBlanks(line, 4);
        if (charAt(line, p) != '(') {
            return Parsed.failed(invalid);
        }
        p = skipBlanks(line, p + 1);
        char endChar = ',';
        if (charAt(line, p) == '{') {
            endChar = '}';
            p = skipBlanks(line, p + 1);
        }
        List<String> variables = new ArrayList<>();
        while (true) {
            int start = p;
            while (p < line.length() && " \t,}".indexOf(line.charAt(p)) < 0) {
                p++;
            }
            if (p == start) {
                return Parsed.failed(invalid);
            }
            variables.add(line.substring(start, p));
            p = skipBlanks(line, p);
            if (charAt(line, p) == endChar) {
                break;
            }
            if (charAt(line, p) != ',') {
                return Parsed.failed(invalid);
            }
            p = skipBlanks(line, p + 1);
        }
        if (charAt(line, p) == '}') {
            p = skipBlanks(line, p + 1);
        }
        if (charAt(line, p) != ',') {
            return Parsed.failed(invalid);
        }
        p = skipBlanks(line, p + 1);
        List<List<String>> valueSets = new ArrayList<>();
        while (true) {
            char setEnd = ',';
            if (charAt(line, p) == '{') {
                setEnd = '}';
                p = skipBlanks(line, p + 1);
            }
            List<String> values = new ArrayList<>();
            while (true) {
                int start = p;
                while (p < line.length() && " \t,})".indexOf(line.charAt(p)) < 0) {
                    p++;
                }
                values.add(line.substring(start, p));
                p = skipBlanks(line, p);
                char c = charAt(line, p);
                if (c == setEnd || (c == ')' && setEnd == ',')) {
                    break;
                }
                if (c != ',') {
                    return Parsed.failed(invalid);
                }
                p = skipBlanks(line, p + 1);
                if (values.size() >= variables.size()) {
                    return Parsed.failed("~LST specification has too many values '" + line + "'");
                }
            }
            while (values.size() < variables.size()) {
                values.add("");
            }
            valueSets.add(List.copyOf(values));
            if (charAt(line, p) == '}' && setEnd == '}') {
                p = skipBlanks(line, p + 1);
            }
            if (charAt(line, p) == ')') {
                break;
            }
            if (charAt(line, p) != ',') {
                return Parsed.failed(invalid);
            }
            p = skipBlanks(line, p + 1);
        }
        String text = line.substring(skipBlanks(line, p + 1));
        return new Parsed(new ValueList(List.copyOf(variables), List.copyOf(valueSets), text), null);
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Words.isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** C's strtol(s, &end, 0) over a string, followed by skipping blanks, as keepalived reads ~SEQ numbers. */
    private static final class Strtol {
        private final String s;
        private int pos;

        Strtol(String s) {
            this.s = s;
        }

        long next() {
            int i = pos;
            while (i < s.length() && Words.isSpace(s.charAt(i))) {
                i++;
            }
            boolean negative = false;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negative = s.charAt(i) == '-';
                i++;
            }
            int base = 10;
            if (i + 1 < s.length() && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                    && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            } else if (i < s.length() && s.charAt(i) == '0') {
                base = 8;
            }
            int digitsStart = i;
            long value = 0;
            boolean overflow = false;
            while (i < s.length()) {
                int d = Character.digit(s.charAt(i), base);
                if (d < 0 || s.charAt(i) > 127) {
                    break;
                }
                if (!overflow) {
                    long limit = (Long.MAX_VALUE - d) / base;
                    if (value > limit) {
                        overflow = true;
                    } else {
                        value = value * base + d;
                    }
                }
                i++;
            }
            if (i == digitsStart) {
                // No conversion: strtol leaves the end pointer where it started.
                skipBlanksHere();
                return 0;
            }
            pos = i;
            skipBlanksHere();
            if (overflow) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return negative ? -value : value;
        }

        private void skipBlanksHere() {
            pos = skipBlanks(s, pos);
        }

        char peek() {
            return charAt(s, pos);
        }

        void skip() {
            pos++;
        }
    }
}

package io.jkeepalived.daemon.status;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer (RFC 8259): objects, arrays, strings, integers, booleans and null, pretty-printed
 * with two spaces. Ours rather than a library's: the status document needs nothing more, and the daemon's jar
 * stays free of a JSON stack. Misuse (a value where a name is due, unbalanced ends) throws
 * {@link IllegalStateException}: a bug in the caller, not bad input.
 */
public final class JsonWriter {
    private enum Scope { OBJECT_NAME, OBJECT_VALUE, ARRAY, TOP, DONE }

    private final StringBuilder out = new StringBuilder();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Boolean> empty = new ArrayDeque<>();

    public JsonWriter() {
        scopes.push(Scope.TOP);
    }

    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        scopes.push(Scope.OBJECT_NAME);
        empty.push(true);
        return this;
    }

    public JsonWriter endObject() {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("endObject outside an object, or after a name");
        }
        scopes.pop();
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        scopes.push(Scope.ARRAY);
        empty.push(true);
        return this;
    }

    public JsonWriter endArray() {
        if (scopes.peek() != Scope.ARRAY) {
            throw new IllegalStateException("endArray outside an array");
        }
        scopes.pop();
        close(']');
        return this;
    }

    private void close(char bracket) {
        boolean wasEmpty = empty.pop();
        if (!wasEmpty) {
            newline();
        }
        out.append(bracket);
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (scopes.peek() != Scope.OBJECT_NAME) {
            throw new IllegalStateException("a name outside an object, or two names in a row: " + name);
        }
        separate();
        string(name);
        out.append(": ");
        scopes.pop();
        scopes.push(Scope.OBJECT_VALUE);
        return this;
    }

    public JsonWriter value(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        string(value);
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /** Shorthands for a member: {@code name(n).value(v)}. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** The document; only once every object and array is closed. */
    @Override
    public String toString() {
        if (scopes.peek() != Scope.DONE) {
            throw new IllegalStateException("the document is not complete");
        }
        return out + "\n";
    }

    private void beforeValue() {
        Scope scope = scopes.pop();
        switch (scope) {
            case TOP -> scopes.push(Scope.DONE);
            case OBJECT_VALUE -> scopes.push(Scope.OBJECT_NAME);
            case ARRAY -> {
                scopes.push(Scope.ARRAY);
                separate();
            }
            case OBJECT_NAME -> throw new IllegalStateException("a value where a member name is due");
            case DONE -> throw new IllegalStateException("a second document");
        }
    }

    private void separate() {
        if (empty.peek()) {
            empty.pop();
            empty.push(false);
        } else {
            out.append(',');
        }
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(empty.size()));
    }

    /** A string with every character JSON requires escaped, and the few that confuse readers (DEL, U+2028/9). */
    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029'
                            || (Character.isSurrogate(c) && !pairedSurrogate(s, i))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate would make invalid UTF-8; it is escaped instead. */
    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}

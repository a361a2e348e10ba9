package io.jkeepalived.config.source;

/**
 * Removes comments and surrounding blanks from one line, the way keepalived's running processes end up seeing it.
 *
 * <p>{@code #} and {@code !} start a comment anywhere outside {@code "..."}, also in the middle of a word.
 * keepalived documents {@code \#} and {@code \!} as escaped comment characters, but only its parent process
 * honours that: it writes the line, escape removed, into the consolidated copy that the VRRP and checker processes
 * read and strip again, so for them the {@code #} starts a comment. We follow the processes that run the
 * configuration and report it (checked with keepalived 2.2.7 {@code -t}: {@code x \#y {} loses its {@code {} in
 * the children). A backslash ending the line is kept as a final {@code \} (it continues a definition), even when
 * it ends a comment, as in 2.2.7. Our own addition: a word starting with {@code ;} or {@code //} starts a comment
 * too (tutorials use them; keepalived does not), reported as a warning.
 */
final class Decomment {
    static final int SEMICOLON = 1;
    static final int DOUBLE_SLASH = 2;
    static final int ESCAPED_COMMENT = 4;
    /** The characters below 64 that the scan must look at: {@code ! " # / ;} (the other one is {@code \\}). */
    private static final long SPECIAL_BELOW_64 = 1L << '!' | 1L << '"' | 1L << '#' | 1L << '/' | 1L << ';';

    private Decomment() {
    }

    /**
     * The cleaned line and which of the reportable comment styles it used.
     *
     * @param text     the line without comments and without leading/trailing blanks; ends with {@code \} when the
     *                 line did
     * @param warnings a mask of {@link #SEMICOLON}, {@link #DOUBLE_SLASH}, {@link #ESCAPED_COMMENT}
     */
    record Cleaned(String text, int warnings) {
    }

    static Cleaned clean(String line) {
        return clean(line, 0, line.length());
    }

    /** Cleans {@code line[from, to)} without copying it first. */
    static Cleaned clean(String line, int from, int to) {
        Span span = new Span();
        span.scan(line, from, to);
        return new Cleaned(span.text(line), span.warnings);
    }

    /**
     * Where the content of a line is, found without allocating anything: the reader's hot path uses it to hand
     * most lines on as offsets into the file's text. Reusable: each {@link #scan} overwrites it.
     */
    static final class Span {
        /** The content is {@code line[start, end)}, then a {@code \} when {@link #continued}. */
        int start;
        int end;
        boolean continued;
        /** A mask of {@link #SEMICOLON}, {@link #DOUBLE_SLASH}, {@link #ESCAPED_COMMENT}. */
        int warnings;

        void scan(String line, int from, int to) {
            int n = to;
            int start = from;
            while (start < n && Words.isBlank(line.charAt(start))) {
                start++;
            }
            boolean quote = false;
            boolean continued = false;
            int cut = -1;
            int warnings = 0;
            int end = n;
            int i = start;
            while (i < n) {
                char c = line.charAt(i);
                if (c < 64 ? (SPECIAL_BELOW_64 >>> c & 1) == 0 : c != '\\') {
                    // Letters, digits, blanks and most punctuation: nothing to decide.
                    i++;
                    continue;
                }
                if (c == '"') {
                    if (cut < 0) {
                        quote = !quote;
                    }
                    i++;
                    continue;
                }
                if (c == '\\') {
                    if (i + 1 >= n) {
                        continued = true;
                        end = i;
                        break;
                    }
                    char next = line.charAt(i + 1);
                    if (!quote && cut < 0 && (next == '#' || next == '!')) {
                        cut = i;
                        warnings |= ESCAPED_COMMENT;
                    }
                    i += 2;
                    continue;
                }
                if (!quote && cut < 0) {
                    if (c == '#' || c == '!') {
                        cut = i;
                    } else if (c == ';' && atWordStart(line, i, start)) {
                        cut = i;
                        warnings |= SEMICOLON;
                    } else if (c == '/' && i + 1 < n && line.charAt(i + 1) == '/' && atWordStart(line, i, start)) {
                        cut = i;
                        warnings |= DOUBLE_SLASH;
                    }
                }
                i++;
            }
            int contentEnd = cut >= 0 ? Math.min(cut, end) : end;
            while (contentEnd > start && Words.isBlank(line.charAt(contentEnd - 1))) {
                contentEnd--;
            }
            this.start = start;
            this.end = contentEnd;
            this.continued = continued;
            this.warnings = warnings;
        }

        /** The cleaned line as text: ends with {@code \} when the line did. */
        String text(String line) {
            if (continued) {
                return line.substring(start, end) + "\\";
            }
            if (start == 0 && end == line.length()) {
                return line;
            }
            return line.substring(start, end);
        }
    }

    private static boolean atWordStart(String line, int i, int start) {
        if (i == start) {
            return true;
        }
        char before = line.charAt(i - 1);
        return Words.isSpace(before) || before == '{' || before == '}';
    }
}

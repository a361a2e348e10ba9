package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * keepalived's line machine (lib/parser.c read_line, studied for behaviour): turns files into a stream of
 * statements and braces. Per physical line: comments off, then {@code @id} conditionals, {@code $NAME=value}
 * definitions (continued with a trailing {@code \}), {@code ~SEQ}/{@code ~LST} loops, {@code $NAME}/{@code ${NAME}}
 * substitution (repeated while something changes), {@code include}; then the line is cut at its first brace outside
 * quotes, the rest being processed as the next line, so that braces are statements of their own wherever they
 * stand.
 *
 * <p>Lines produced by a loop or a multi-line definition are handed out before the next physical line is read, and
 * they belong to the file that produced them: an include among them is read completely before the loop goes on
 * (keepalived 2.2.7 instead opens all of a loop's includes first and reads them last-first).
 */
final class Preprocessor {

    /** Receives what the files say, in order. */
    interface Sink {
        void statement(SourceLocation at, List<String> words);

        void open(SourceLocation at);

        void close(SourceLocation at);

        void fileStart(Path file);

        void fileEnd(Path file);

        /** Whether the statement being emitted stands directly in a top-level block of {@code keyword}. */
        boolean directlyInside(String keyword);
    }

    // keepalived's include checks (include_check / includer, includem, includew, includeb, includea).
    static final int CHECK_READ = 1;
    static final int CHECK_MATCH = 2;
    static final int CHECK_WILDCARD = 4;
    static final int CHECK_BRACE = 8;

    /** How keepalived measures a line: fgets into a 1024-byte buffer. */
    static final int KEEPALIVED_LINE_BYTES = 1023;

    /** The continuation of a multi-line definition that was interrupted by another one. */
    private record SavedMultiline(String text, int position, int loopDepth) {
    }

    /** The files one include statement matched, opened one after the other. */
    private static final class IncludeGroup {
        final List<Glob.Match> matches;
        final int flags;
        final int savedIncludeCheck;
        final SourceLocation at;
        int next;

        IncludeGroup(List<Glob.Match> matches, int flags, int savedIncludeCheck, SourceLocation at) {
            this.matches = matches;
            this.flags = flags;
            this.savedIncludeCheck = savedIncludeCheck;
            this.at = at;
        }
    }

    /** One file being read, with the lines it has produced but not handed out yet. */
    private static final class Frame {
        final Path file;
        final Path directory;
        final String absoluteDirectory;
        final Path identity;
        final String text;
        final IncludeGroup group;
        int position;
        int line;
        SourceLocation location;
        /** Where the next NUL of the text is at or after {@code position} (or the text's length): found once. */
        int nextNul = -1;
        /** Likewise the next '$', so that a line needing no substitution is seen without scanning it again. */
        int nextDollar = -1;

        /** The rest of a line cut at a brace: {@code residue[residueStart, residueEnd)}, not copied. */
        String residue;
        int residueStart;
        int residueEnd;
        /** Where the last '$' of {@code residue} is, so a residue needing no substitution is seen in O(1). */
        int residueLastDollar;
        final ArrayList<Loop> loops = new ArrayList<>(2);
        String pending;
        int pendingPosition;
        final ArrayDeque<SavedMultiline> multilineStack = new ArrayDeque<>();
        int multilineLoopDepth;

        Frame(Path file, Path identity, String text, IncludeGroup group) {
            this.file = file;
            Path parent = file.getParent();
            this.directory = parent != null ? parent : Path.of("");
            this.absoluteDirectory = directory.toAbsolutePath().normalize().toString();
            this.identity = identity;
            this.text = text;
            this.group = group;
        }

        SourceLocation location() {
            if (location == null || location.line() != line) {
                location = new SourceLocation(file, line);
            }
            return location;
        }
    }

    private final String configId;
    private final Diagnostics diagnostics;
    private final ReaderLimits limits;
    private final Definitions definitions;
    private final ArrayList<Frame> frames = new ArrayList<>();
    private Sink sink;
    private Frame current;
    /** The line nextLine() produced: {@code lineText[lineStart, lineEnd)}. */
    private String lineText;
    private int lineStart;
    private int lineEnd;
    private int lineLastDollar;
    /** The physical line readPhysicalLine() found, as offsets into its frame's text. */
    private final Decomment.Span physical = new Decomment.Span();
    /** Scratch list for splitting a statement into words. */
    private final ArrayList<String> wordBuffer = new ArrayList<>();
    private Definitions.Definition collecting;
    private final StringBuilder collectingValue = new StringBuilder();
    private long substitutionWork;
    private boolean substitutionWorkReported;
    private int includeCheck;
    private long generatedLines;
    private boolean generatedLimitReported;
    private int filesOpened;
    private long bytesRead;

    Preprocessor(String configId, Diagnostics diagnostics, ReaderLimits limits, RandomGenerator random) {
        this.configId = configId;
        this.diagnostics = diagnostics;
        this.limits = limits;
        this.definitions = new Definitions(configId, random);
    }

    // ---- entry points -------------------------------------------------------------------------------------------

    /** Reads the main configuration file; problems reading it are fatal. */
    void readFile(Path file, Sink sink) {
        SourceLocation at = new SourceLocation(file, 0);
        if (Files.isDirectory(file)) {
            diagnostics.fatal(at, "cannot read the configuration: '" + file + "' is a directory");
            return;
        }
        if (!Files.exists(file)) {
            diagnostics.fatal(at, "cannot read the configuration: '" + file + "' does not exist");
            return;
        }
        if (!Files.isRegularFile(file)) {
            diagnostics.fatal(at, "cannot read the configuration: '" + file + "' is not a regular file");
            return;
        }
        if (isExecutable(file)) {
            diagnostics.warn(at, "the configuration file is executable: keepalived 2.2.7 refuses to read it"
                    + " ('not a regular non-executable file') and runs with no configuration; jkeepalived reads it"
                    + " (chmod a-x it)");
        }
        String text;
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                diagnostics.fatal(at, "cannot read the configuration: '" + file + "' is " + size
                        + " bytes, more than the " + limits.maxFileBytes() + " allowed");
                return;
            }
            text = decode(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            diagnostics.fatal(at, "cannot read the configuration '" + file + "': " + describe(e));
            return;
        }
        readText(text, file, sink);
    }

    /** Reads {@code text} as if it were the content of {@code file}. */
    void readText(String text, Path file, Sink sink) {
        this.sink = sink;
        filesOpened = 1;
        bytesRead = text.length();
        push(new Frame(file, identity(file), text, null));
        while (nextLine()) {
            emit(current);
        }
        finishDefinition();
    }

    // ---- the line machine -----------------------------------------------------------------------------------------

    /**
     * Produces the next fully processed line (definitions, loops, conditionals and includes done) into
     * {@code lineText[lineStart, lineEnd)}; false at the end.
     */
    private boolean nextLine() {
        while (true) {
            if (frames.isEmpty()) {
                return false;
            }
            Frame f = frames.get(frames.size() - 1);
            current = f;
            String buf;
            if (f.residue != null) {
                String rest = f.residue;
                int start = f.residueStart;
                int end = f.residueEnd;
                int lastDollar = f.residueLastDollar;
                f.residue = null;
                if (collecting == null && !needsProcessing(rest, start, lastDollar)) {
                    // Most residues are plain "{ ..." or "} ..." text: hand them on without copying the line.
                    setLine(rest, start, end, lastDollar);
                    return true;
                }
                buf = rest.substring(start, end);
            } else if (!f.loops.isEmpty() && f.loops.size() > f.multilineLoopDepth) {
                if (!chargeGeneratedLine(f)) {
                    continue;
                }
                Loop loop = f.loops.get(f.loops.size() - 1);
                buf = loop.next(definitions);
                if (loop.done()) {
                    f.loops.remove(f.loops.size() - 1);
                }
            } else if (f.pending != null) {
                if (!chargeGeneratedLine(f)) {
                    continue;
                }
                buf = nextPendingLine(f);
            } else {
                if (!readPhysicalLine(f)) {
                    endOfFile(f);
                    continue;
                }
                if (collecting == null && isPlain(f, physical)) {
                    // Most lines: nothing to substitute, define, loop over or include. Hand them on as offsets
                    // into the file's text, as process() would return them unchanged.
                    setLine(f.text, physical.start, physical.end, -1);
                    return true;
                }
                buf = physical.text(f.text);
            }
            if (collecting != null) {
                continueDefinition(buf);
                continue;
            }
            if (buf.isEmpty()) {
                continue;
            }
            buf = process(buf, f);
            if (buf.isEmpty() || include(buf, f)) {
                continue;
            }
            setLine(buf, 0, trimmedEnd(buf, buf.length()), buf.lastIndexOf('$'));
            if (lineStart >= lineEnd) {
                continue;
            }
            return true;
        }
    }

    private void setLine(String text, int start, int end, int lastDollar) {
        lineText = text;
        lineStart = start;
        lineEnd = end;
        lineLastDollar = lastDollar;
    }

    /** Whether a residue must go through conditionals, definitions, loops, substitution or include. */
    private static boolean needsProcessing(String text, int start, int lastDollar) {
        char c = text.charAt(start);
        return c == '@' || c == '$' || c == '~' || lastDollar >= start || text.startsWith("include", start);
    }

    private String nextPendingLine(Frame f) {
        int newline = f.pending.indexOf('\n', f.pendingPosition);
        String line;
        if (newline < 0) {
            line = f.pending.substring(f.pendingPosition);
            SavedMultiline outer = f.multilineStack.poll();
            if (outer != null) {
                f.pending = outer.text();
                f.pendingPosition = outer.position();
                f.multilineLoopDepth = outer.loopDepth();
            } else {
                f.pending = null;
                f.multilineLoopDepth = 0;
            }
        } else {
            line = f.pending.substring(f.pendingPosition, newline);
            f.pendingPosition = newline + 1;
        }
        return line;
    }

    private boolean chargeGeneratedLine(Frame f) {
        if (++generatedLines <= limits.maxGeneratedLines()) {
            return true;
        }
        if (!generatedLimitReported) {
            generatedLimitReported = true;
            diagnostics.error(f.location(), "~SEQ/~LST loops and multi-line definitions produce more than "
                    + limits.maxGeneratedLines() + " lines; the rest of what they produce is ignored");
        }
        abandonExpansion(f);
        return false;
    }

    private static void abandonExpansion(Frame f) {
        f.loops.clear();
        f.pending = null;
        f.multilineStack.clear();
        f.multilineLoopDepth = 0;
    }

    /**
     * Finds the next non-blank physical line of {@code f} without comments, into {@link #physical}; false at the
     * end of the file.
     */
    private boolean readPhysicalLine(Frame f) {
        String text = f.text;
        while (f.position < text.length()) {
            int start = f.position;
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            f.position = newline < 0 ? text.length() : newline + 1;
            f.line++;
            while (end > start && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
                end--;
            }
            if (f.nextNul < start) {
                int nul = text.indexOf('\0', start);
                f.nextNul = nul < 0 ? text.length() : nul;
            }
            int nul = f.nextNul;
            if (nul < end) {
                diagnostics.warn(f.location(), "this line contains a NUL byte; the rest of the line after it is"
                        + " ignored (as keepalived does)");
                end = nul;
            }
            if (end - start > KEEPALIVED_LINE_BYTES / 3) {
                warnIfTooLong(f, text, start, end);
            }
            if (start == end) {
                endDefinitionAtBlankLine();
                continue;
            }
            physical.scan(text, start, end);
            reportCommentStyle(f, physical.warnings);
            if (physical.start == physical.end && !physical.continued) {
                endDefinitionAtBlankLine();
                continue;
            }
            return true;
        }
        return false;
    }

    /**
     * Whether process() and include() would leave the cleaned line {@code span} of {@code f} as it is: it does not
     * start with '@', '$', '~' or "include", holds no '$' and is not continued.
     */
    private static boolean isPlain(Frame f, Decomment.Span span) {
        if (span.continued) {
            return false;
        }
        String text = f.text;
        char first = text.charAt(span.start);
        if (first == '@' || first == '$' || first == '~' || text.startsWith("include", span.start)) {
            return false;
        }
        if (f.nextDollar < span.start) {
            int dollar = text.indexOf('$', span.start);
            f.nextDollar = dollar < 0 ? text.length() : dollar;
        }
        return f.nextDollar >= span.end;
    }

    private void warnIfTooLong(Frame f, String text, int start, int end) {
        int bytes = utf8Length(text, start, end);
        if (bytes > KEEPALIVED_LINE_BYTES) {
            diagnostics.warn(f.location(), "this line is " + bytes + " bytes long; keepalived reads at most "
                    + KEEPALIVED_LINE_BYTES + " bytes of a line at a time and would cut it there, reading the rest"
                    + " as another line; jkeepalived reads it whole");
        }
    }

    private static int utf8Length(String s, int start, int end) {
        int bytes = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private void reportCommentStyle(Frame f, int warnings) {
        if (warnings == 0) {
            return;
        }
        if ((warnings & Decomment.SEMICOLON) != 0) {
            diagnostics.warn(f.location(), "';' does not start a comment for keepalived (it reads the rest of the"
                    + " line as configuration); jkeepalived ignores it as a comment - use '#' or '!'");
        }
        if ((warnings & Decomment.DOUBLE_SLASH) != 0) {
            diagnostics.warn(f.location(), "'//' does not start a comment for keepalived (it reads the rest of the"
                    + " line as configuration); jkeepalived ignores it as a comment - use '#' or '!'");
        }
        if ((warnings & Decomment.ESCAPED_COMMENT) != 0) {
            diagnostics.warn(f.location(), "'\\#' or '\\!' starts a comment here: keepalived documents it as an"
                    + " escaped character, but its VRRP and checker processes read it as the start of a comment,"
                    + " and so does jkeepalived - put the text in double quotes to keep the character");
        }
    }

    // ---- definitions ----------------------------------------------------------------------------------------------

    /**
     * A blank line ends a multi-line definition. keepalived's VRRP and checker processes read a copy of the file
     * without comments, so for them (unlike for the parent) a line holding only blanks or a comment ends it too.
     */
    private void endDefinitionAtBlankLine() {
        finishDefinition();
    }

    private void finishDefinition() {
        if (collecting != null) {
            collecting.value = collectingValue.toString();
            if (collecting.value.isEmpty()) {
                collecting.multiline = false;
            }
            collecting = null;
            collectingValue.setLength(0);
        }
    }

    private void continueDefinition(String buf) {
        String line = buf;
        boolean more = line.endsWith("\\");
        if (more) {
            int end = line.length() - 1;
            while (end > 0 && Words.isBlank(line.charAt(end - 1))) {
                end--;
            }
            line = line.substring(0, end) + "\n";
        }
        // A line holding only the '\' adds nothing.
        if (line.length() >= 2 || (!line.isEmpty() && !more)) {
            collectingValue.append(line);
        }
        if (!more) {
            finishDefinition();
        }
    }

    /** {@code $NAME=value}: no blank before '=', the name as keepalived allows it. */
    private boolean define(String buf) {
        if (buf.length() < 2 || !(isAsciiLetter(buf.charAt(1)) || buf.charAt(1) == '_')) {
            return false;
        }
        int p = 2;
        while (p < buf.length() && buf.charAt(p) != '=') {
            char c = buf.charAt(p);
            if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_') {
                return false;
            }
            p++;
        }
        if (p >= buf.length()) {
            return false;
        }
        String name = buf.substring(1, p);
        int valueStart = p + 1;
        while (valueStart < buf.length() && Words.isBlank(buf.charAt(valueStart))) {
            valueStart++;
        }
        String value = buf.substring(valueStart);
        boolean multiline = value.endsWith("\\");
        if (multiline) {
            int end = value.length() - 1;
            while (end > 0 && Words.isBlank(value.charAt(end - 1))) {
                end--;
            }
            value = end == 0 ? "" : value.substring(0, end) + "\n";
        }
        finishDefinition();
        Definitions.Definition d = definitions.define(name, value, multiline);
        if (multiline) {
            collecting = d;
            collectingValue.append(value);
        }
        return true;
    }

    // ---- conditionals, definitions, loops and substitution ------------------------------------------------------

    /** One line through keepalived's recheck loop; returns "" when the line was used up or dropped. */
    private String process(String buf, Frame f) {
        int[] substitutions = {0};
        boolean recheck;
        do {
            recheck = false;
            if (buf.charAt(0) == '@') {
                buf = conditional(buf);
                if (buf.isEmpty()) {
                    return "";
                }
            }
            if (buf.charAt(0) == '$' && define(buf)) {
                return "";
            }
            if (buf.startsWith("~SEQ") || buf.startsWith("~LST")) {
                startLoop(buf, f);
                return "";
            }
            if (buf.charAt(0) == '~') {
                break;
            }
            if (buf.indexOf('$') >= 0) {
                int before = substitutions[0];
                String expanded = substitute(buf, f, substitutions, false);
                if (expanded == null) {
                    return "";
                }
                if (substitutions[0] == before) {
                    break;
                }
                Decomment.Cleaned cleaned = Decomment.clean(expanded);
                reportCommentStyle(f, cleaned.warnings());
                buf = cleaned.text();
                if (buf.isEmpty()) {
                    return "";
                }
                recheck = buf.charAt(0) == '@' || buf.indexOf('$') >= 0;
            }
        } while (recheck);
        if (substitutions[0] > 0 && buf.length() > KEEPALIVED_LINE_BYTES / 3
                && utf8Length(buf, 0, buf.length()) > KEEPALIVED_LINE_BYTES) {
            diagnostics.warn(f.location(), "after substituting definitions this line is longer than "
                    + KEEPALIVED_LINE_BYTES + " bytes; keepalived stops substituting at that length, jkeepalived"
                    + " does not");
        }
        return buf;
    }

    /** {@code @id rest} keeps rest only when id is the config id; {@code @^id rest} only when it is not. */
    private String conditional(String buf) {
        boolean negated = buf.length() > 1 && buf.charAt(1) == '^';
        int idStart = negated ? 2 : 1;
        int blank = idStart;
        while (blank < buf.length() && !Words.isBlank(buf.charAt(blank))) {
            blank++;
        }
        if (blank >= buf.length()) {
            return "";
        }
        boolean matches = buf.regionMatches(idStart, configId, 0, configId.length())
                && blank - idStart == configId.length();
        if (matches == negated) {
            return "";
        }
        int rest = blank;
        while (rest < buf.length() && Words.isBlank(buf.charAt(rest))) {
            rest++;
        }
        return buf.substring(rest);
    }

    private void startLoop(String buf, Frame f) {
        if (f.loops.size() >= limits.maxExpansionNesting()) {
            diagnostics.error(f.location(), "~SEQ/~LST loops are nested more than " + limits.maxExpansionNesting()
                    + " deep (does a loop produce itself?); the loops and definitions being expanded here are"
                    + " abandoned");
            abandonExpansion(f);
            return;
        }
        Loop.Parsed parsed = buf.charAt(1) == 'S'
                ? Loop.parseSequence(buf, parameters -> substitute(parameters, f, new int[] {0}, true))
                : Loop.parseList(buf);
        if (parsed.error() != null) {
            diagnostics.error(f.location(), parsed.error());
            return;
        }
        f.loops.add(parsed.loop());
    }

    /**
     * Replaces every {@code $NAME} and {@code ${NAME}} that names a definition, rescanning what was substituted
     * (so a value may use other definitions), as keepalived does; {@code substitutions} counts them. Returns
     * null when the line is dropped (its substitution does not end; reported) and, for ~SEQ parameters, when a
     * multi-line definition is used.
     */
    private String substitute(String buf, Frame f, int[] substitutions, boolean parametersOnly) {
        int pos = 0;
        long lineWork = 0;
        while (true) {
            pos = buf.indexOf('$', pos);
            if (pos < 0 || pos + 1 >= buf.length()) {
                break;
            }
            Reference ref = findReference(buf, pos + 1);
            if (ref == null) {
                pos++;
                continue;
            }
            lineWork += buf.length();
            if (++substitutions[0] > limits.maxSubstitutions()
                    || lineWork > 16L * limits.maxExpandedLineChars()) {
                diagnostics.error(f.location(), "substituting definitions in this line does not end after "
                        + substitutions[0] + " substitutions (does a definition use itself?); the line is ignored");
                return null;
            }
            substitutionWork += buf.length();
            if (substitutionWork > limits.maxSubstitutionWork()) {
                if (!substitutionWorkReported) {
                    substitutionWorkReported = true;
                    diagnostics.error(f.location(), "substituting definitions has copied more than "
                            + limits.maxSubstitutionWork() + " characters in this configuration; this line and"
                            + " every later one that uses a definition are ignored");
                }
                return null;
            }
            Definitions.Definition d = ref.definition;
            String replacement;
            if (d.multiline) {
                if (parametersOnly) {
                    return null;
                }
                int newline = d.value.indexOf('\n');
                replacement = newline < 0 ? d.value : d.value.substring(0, newline);
                if (newline >= 0) {
                    if (f.multilineStack.size() >= limits.maxExpansionNesting()) {
                        diagnostics.error(f.location(), "multi-line definitions are used inside each other more"
                                + " than " + limits.maxExpansionNesting() + " deep (does '" + d.name
                                + "' use itself?); the loops and definitions being expanded here are abandoned");
                        abandonExpansion(f);
                        return null;
                    }
                    if (f.pending != null) {
                        f.multilineStack.push(new SavedMultiline(f.pending, f.pendingPosition,
                                f.multilineLoopDepth));
                    }
                    f.pending = d.value;
                    f.pendingPosition = newline + 1;
                    // The loops running now wait until this definition's lines are all out.
                    f.multilineLoopDepth = f.loops.size();
                }
            } else {
                replacement = definitions.valueOf(d, ref.parameters, f.absoluteDirectory);
            }
            buf = buf.substring(0, pos) + replacement + buf.substring(ref.end);
            if (buf.length() > limits.maxExpandedLineChars()) {
                diagnostics.error(f.location(), "substituting definitions makes this line longer than "
                        + limits.maxExpandedLineChars() + " characters (does a definition use itself?);"
                        + " the line is ignored");
                return null;
            }
            if (startsWithTilde(replacement)) {
                // A loop in a definition: let the line be seen as a loop before its variables are substituted.
                break;
            }
        }
        return buf;
    }

    private static boolean startsWithTilde(String s) {
        int i = 0;
        while (i < s.length() && Words.isBlank(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '~';
    }

    private record Reference(Definitions.Definition definition, int end, String parameters) {
    }

    /**
     * The definition referred to at {@code buf[start]} (just after '$'): {@code NAME} followed by a blank, ',',
     * ')' or the end of the line, or {@code {NAME}} ({@code {NAME 1 2}} for definitions taking parameters). A
     * multi-line definition is only used when it ends the line.
     */
    private Reference findReference(String buf, int start) {
        int n = buf.length();
        int p = start;
        boolean braces = p < n && buf.charAt(p) == '{';
        if (braces) {
            p++;
        }
        if (p >= n || !(isAsciiLetter(buf.charAt(p)) || buf.charAt(p) == '_')) {
            return null;
        }
        int nameStart = p++;
        while (p < n && (isAsciiLetter(buf.charAt(p)) || isAsciiDigit(buf.charAt(p)) || buf.charAt(p) == '_')) {
            p++;
        }
        int nameEnd = p;
        String parameters = null;
        int end;
        if (braces) {
            int first = -1;
            int last = -1;
            int q = p;
            while (q < n && (buf.charAt(q) == ' ' || isAsciiDigit(buf.charAt(q)))) {
                if (buf.charAt(q) != ' ') {
                    if (first < 0) {
                        first = q;
                    }
                    last = q;
                }
                q++;
            }
            if (q >= n || buf.charAt(q) != '}') {
                return null;
            }
            if (q != p && (first < 0 || last + 1 != q)) {
                return null;
            }
            if (first >= 0) {
                parameters = buf.substring(first, last + 1);
            }
            end = q + 1;
        } else {
            if (p < n && " \t,)".indexOf(buf.charAt(p)) < 0) {
                return null;
            }
            end = p;
        }
        Definitions.Definition d = definitions.get(buf.substring(nameStart, nameEnd));
        if (d == null || (d.multiline && end != n) || (parameters != null && d.maxParameters == 0)) {
            return null;
        }
        return new Reference(d, end, parameters);
    }

    // ---- include ------------------------------------------------------------------------------------------------

    private boolean include(String buf, Frame f) {
        if (!buf.startsWith("include") || buf.length() <= 7) {
            return false;
        }
        char variant = buf.charAt(7);
        int type;
        int patternStart;
        if (isCSpace(variant)) {
            type = 0;
            patternStart = 8;
        } else if (buf.length() > 8 && isCSpace(buf.charAt(8)) && "rmwba".indexOf(variant) >= 0) {
            type = switch (variant) {
                case 'r' -> CHECK_READ;
                case 'm' -> CHECK_READ | CHECK_MATCH;
                case 'w' -> CHECK_READ | CHECK_MATCH | CHECK_WILDCARD;
                case 'b' -> CHECK_READ | CHECK_BRACE;
                default -> CHECK_READ | CHECK_MATCH | CHECK_WILDCARD | CHECK_BRACE;
            };
            patternStart = 9;
        } else {
            return false;
        }
        while (patternStart < buf.length() && Words.isBlank(buf.charAt(patternStart))) {
            patternStart++;
        }
        includeFiles(buf.substring(patternStart), type, f);
        return true;
    }

    private void includeFiles(String pattern, int type, Frame f) {
        SourceLocation at = f.location();
        int flags = includeCheck | type;
        if (pattern.isBlank()) {
            report(flags, CHECK_MATCH, at, "include without a file name");
            return;
        }
        if (pattern.length() > limits.maxIncludePatternChars()) {
            diagnostics.error(at, "include pattern longer than " + limits.maxIncludePatternChars()
                    + " characters; nothing is included");
            return;
        }
        Glob.Result result;
        try {
            result = Glob.expand(f.directory, pattern, limits.maxGlobMatches());
        } catch (RuntimeException e) {
            // An invalid path (e.g. a NUL) or a file system refusing a name: treat as nothing found.
            report(flags, CHECK_MATCH, at, "Config files missing '" + pattern + "'" + where(pattern, f)
                    + " (" + describe(e) + ").");
            return;
        }
        if (result.tooMany()) {
            diagnostics.error(at, "include pattern '" + pattern + "' matches more than "
                    + limits.maxGlobMatches() + " files; nothing is included");
            return;
        }
        if (result.matches().isEmpty()) {
            if (result.missing() > 0) {
                report(flags, result.braces() ? CHECK_BRACE : CHECK_MATCH, at,
                        "Config files missing '" + pattern + "'" + where(pattern, f) + ".");
            } else if (result.wildcards() && (flags & CHECK_WILDCARD) != 0) {
                report(flags, CHECK_WILDCARD, at, "No config files matched '" + pattern + "'" + where(pattern, f)
                        + ".");
            }
            return;
        }
        if (result.missing() > 0) {
            report(flags, CHECK_BRACE, at, "Some config files missing: \"" + pattern + "\"" + where(pattern, f)
                    + ".");
            if ((flags & CHECK_BRACE) != 0) {
                return;
            }
        }
        openNext(new IncludeGroup(result.matches(), flags, includeCheck, at));
    }

    private static String where(String pattern, Frame f) {
        return pattern.startsWith("/") ? "" : " (relative to " + f.absoluteDirectory + ")";
    }

    /** Opens the next readable file of {@code group}, reporting those it skips. */
    private void openNext(IncludeGroup group) {
        while (group.next < group.matches.size()) {
            Glob.Match match = group.matches.get(group.next++);
            Path path = match.path();
            if (match.directory()) {
                report(group.flags, CHECK_READ, group.at, "Configuration file '" + path
                        + "' is a directory - skipping");
                continue;
            }
            if (!Files.isRegularFile(path) || isExecutable(path)) {
                report(group.flags, CHECK_READ, group.at, "Configuration file '" + path
                        + "' is not a regular non-executable file - skipping");
                continue;
            }
            Path identity = identity(path);
            for (Frame open : frames) {
                if (open.identity.equals(identity)) {
                    diagnostics.error(group.at, "include cycle: " + path + " is already being read ("
                            + chain() + " -> " + path + "); not reading it again");
                    identity = null;
                    break;
                }
            }
            if (identity == null) {
                continue;
            }
            if (frames.size() >= limits.maxIncludeDepth()) {
                diagnostics.error(group.at, "includes are nested more than " + limits.maxIncludeDepth()
                        + " files deep; not reading " + path);
                continue;
            }
            if (filesOpened >= limits.maxFilesOpened()) {
                diagnostics.error(group.at, "more than " + limits.maxFilesOpened()
                        + " files included in all; not reading " + path + " nor any further file");
                group.next = group.matches.size();
                return;
            }
            String text = readIncluded(path, group);
            if (text == null) {
                continue;
            }
            filesOpened++;
            push(new Frame(path, identity, text, group));
            return;
        }
    }

    private String readIncluded(Path path, IncludeGroup group) {
        try {
            long size = Files.size(path);
            if (size > limits.maxFileBytes() || bytesRead + size > limits.maxTotalBytes()) {
                diagnostics.error(group.at, "Configuration file '" + path + "' is too large (" + size
                        + " bytes; at most " + limits.maxFileBytes() + " per file and " + limits.maxTotalBytes()
                        + " in all) - skipping");
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            bytesRead += bytes.length;
            return decode(bytes);
        } catch (IOException | RuntimeException e) {
            report(group.flags, CHECK_READ, group.at, "Configuration file '" + path + "' open problem ("
                    + describe(e) + ") - skipping");
            return null;
        }
    }

    private String chain() {
        StringBuilder out = new StringBuilder();
        for (Frame frame : frames) {
            if (out.length() > 0) {
                out.append(" -> ");
            }
            out.append(frame.file);
        }
        return out.toString();
    }

    /** An include problem is an error when the include variant or include_check asks for that check. */
    private void report(int flags, int check, SourceLocation at, String message) {
        if ((flags & check) != 0) {
            diagnostics.error(at, message);
        } else {
            diagnostics.warn(at, message);
        }
    }

    private void push(Frame frame) {
        frames.add(frame);
        if (frame.text.startsWith("\uFEFF")) {
            diagnostics.warn(new SourceLocation(frame.file, 1), "the file starts with a UTF-8 byte order mark,"
                    + " which keepalived reads as part of the first word");
        }
        sink.fileStart(frame.file);
    }

    private void endOfFile(Frame f) {
        frames.remove(frames.size() - 1);
        sink.fileEnd(f.file);
        if (f.group != null) {
            includeCheck = f.group.savedIncludeCheck;
            openNext(f.group);
        }
    }

    /** global_defs' include_check, which sets the checks for the includes that follow it. */
    private void applyIncludeCheck(List<String> words, SourceLocation at) {
        if (words.size() == 1) {
            includeCheck = CHECK_READ | CHECK_MATCH | CHECK_WILDCARD | CHECK_BRACE;
            return;
        }
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            int sign = 0;
            int offset = 1;
            if (word.startsWith("-")) {
                sign = -1;
            } else if (word.startsWith("+")) {
                sign = 1;
            } else {
                offset = 0;
                if (i == 1) {
                    includeCheck = 0;
                } else {
                    diagnostics.error(at, "Duplicate include_check '" + word + "' specified - ignoring");
                    continue;
                }
            }
            int flag = switch (word.substring(offset)) {
                case "read" -> CHECK_READ;
                case "match" -> CHECK_MATCH;
                case "wildcard_match" -> CHECK_WILDCARD;
                case "brace_match" -> CHECK_BRACE;
                default -> 0;
            };
            if (flag == 0) {
                diagnostics.error(at, "Unknown include_check type '" + word.substring(offset) + "' - ignoring");
            } else if (sign == 0) {
                includeCheck = CHECK_READ | flag;
            } else if (sign > 0) {
                includeCheck |= flag;
            } else {
                includeCheck &= ~flag;
            }
        }
    }

    // ---- cutting lines at braces and into words -------------------------------------------------------------------

    /**
     * Hands out the part of {@code buf} before its first brace outside "...", or the brace itself when the line
     * starts with one; what follows is kept as the frame's next line.
     */
    private void emit(Frame f) {
        SourceLocation at = f.location();
        String text = lineText;
        int start = lineStart;
        int end = lineEnd;
        char first = text.charAt(start);
        if (first == '{' || first == '}') {
            int rest = start + 1;
            while (rest < end && Words.isBlank(text.charAt(rest))) {
                rest++;
            }
            if (rest < end) {
                setResidue(f, text, rest, end);
            }
            if (first == '{') {
                sink.open(at);
            } else {
                sink.close(at);
            }
            return;
        }
        int brace = firstBrace(text, start, end);
        int segmentEnd = end;
        if (brace > start) {
            setResidue(f, text, brace, end);
            segmentEnd = trimmedEnd(text, brace);
        }
        List<String> words = words(text, start, segmentEnd, at);
        if (words.isEmpty()) {
            return;
        }
        if (words.get(0).equals("include_check") && sink.directlyInside("global_defs")) {
            applyIncludeCheck(words, at);
        }
        sink.statement(at, words);
    }

    private void setResidue(Frame f, String text, int start, int end) {
        f.residue = text;
        f.residueStart = start;
        f.residueEnd = end;
        f.residueLastDollar = lineLastDollar;
    }

    /** The words of the segment {@code text[start, end)}, an immutable list (Statement keeps it as it is). */
    private List<String> words(String text, int start, int end, SourceLocation at) {
        ArrayList<String> buffer = wordBuffer;
        buffer.clear();
        boolean unmatchedQuote = Words.plain(text, start, end, buffer);
        // Most statements are one or two words: build those lists directly, without copying an array twice.
        List<String> words = switch (buffer.size()) {
            case 0 -> List.of();
            case 1 -> List.of(buffer.get(0));
            case 2 -> List.of(buffer.get(0), buffer.get(1));
            default -> List.copyOf(buffer);
        };
        if (!words.isEmpty() && Words.SCRIPT_KEYWORDS.contains(words.get(0))) {
            String segment = text.substring(start, end);
            EscapedWords.Result escaped = EscapedWords.split(segment);
            if (escaped.ok() && !escaped.words().isEmpty() && escaped.words().get(0).equals(words.get(0))) {
                return escaped.words();
            }
            if (!escaped.ok()) {
                diagnostics.error(at, "Unable to parse '" + words.get(0) + "': " + escaped.problem().orElse(""));
                return words;
            }
        }
        if (unmatchedQuote) {
            diagnostics.error(at, "Unmatched quote: '" + text.substring(start, end) + "'");
        }
        return words;
    }

    private static int firstBrace(String buf, int from, int n) {
        int i = from;
        while (i < n) {
            char c = buf.charAt(i);
            if (c == '{' || c == '}') {
                return i;
            }
            if (c == '"') {
                int close = Words.indexOf(buf, '"', i + 1, n);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
                continue;
            }
            i++;
        }
        return -1;
    }

    private static int trimmedEnd(String s, int end) {
        while (end > 0 && Words.isBlank(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    // ---- small helpers ------------------------------------------------------------------------------------------

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** C's isspace in the C locale. */
    private static boolean isCSpace(char c) {
        return Words.isSpace(c);
    }

    private static boolean isExecutable(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
                    || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
                    || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path identity(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException | RuntimeException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /**
     * UTF-8, with undecodable bytes replaced (U+FFFD) rather than failing the read. The String constructor replaces
     * exactly as a CharsetDecoder with CodingErrorAction.REPLACE does, and reads ASCII text without a char[] copy.
     */
    private static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

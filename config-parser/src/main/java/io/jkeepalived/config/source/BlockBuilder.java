package io.jkeepalived.config.source;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement tree from the stream of statements and braces, without recursion: a statement followed by
 * {@code {} (on the same line or any later one, comments and blank lines between do not matter) opens a block
 * that the matching {@code }} closes. Includes are part of the stream, as in keepalived, so a block may open in
 * one file and close in another; that is allowed but warned about, because it is almost always a missing brace.
 */
final class BlockBuilder implements Preprocessor.Sink {
    private static final class Open {
        final SourceLocation at;
        final List<String> words;
        final List<Statement> children = new ArrayList<>();

        Open(SourceLocation at, List<String> words) {
            this.at = at;
            this.words = words;
        }
    }

    private final Diagnostics diagnostics;
    private final int maxDepth;
    private final List<Statement> topLevel = new ArrayList<>();
    private final ArrayList<Open> open = new ArrayList<>();
    /** Per file being read, the block depth when it started (or after it last closed an outer block). */
    private final ArrayList<Integer> fileBaseDepth = new ArrayList<>();
    private SourceLocation pendingAt;
    private List<String> pendingWords;
    /** Nesting inside a block we ignore (stray '{' or too deep); its statements are dropped. */
    private int ignoredDepth;
    private SourceLocation ignoredAt;
    /** One "Extra '}'" per line is enough, however many braces the line has. */
    private SourceLocation lastExtraBrace;

    BlockBuilder(Diagnostics diagnostics, int maxDepth) {
        this.diagnostics = diagnostics;
        this.maxDepth = maxDepth;
    }

    @Override
    public void statement(SourceLocation at, List<String> words) {
        flushPending();
        if (ignoredDepth > 0) {
            return;
        }
        pendingAt = at;
        pendingWords = words;
    }

    @Override
    public void open(SourceLocation at) {
        if (ignoredDepth > 0) {
            ignoredDepth++;
            return;
        }
        if (pendingWords == null) {
            // keepalived says "Unexpected '{' - ignoring" and then reads the block's lines as if they were outside
            // it, and its '}' closes the enclosing block; we ignore the whole block instead.
            diagnostics.error(at, "'{' does not follow a keyword; the block it opens is ignored");
            ignoredDepth = 1;
            ignoredAt = at;
            return;
        }
        if (open.size() >= maxDepth) {
            diagnostics.error(pendingAt, "blocks are nested more than " + maxDepth + " deep; the block of '"
                    + pendingWords.get(0) + "' is ignored");
            pendingWords = null;
            pendingAt = null;
            ignoredDepth = 1;
            ignoredAt = at;
            return;
        }
        open.add(new Open(pendingAt, pendingWords));
        pendingWords = null;
        pendingAt = null;
    }

    @Override
    public void close(SourceLocation at) {
        flushPending();
        if (ignoredDepth > 0) {
            ignoredDepth--;
            return;
        }
        if (open.isEmpty()) {
            if (!at.equals(lastExtraBrace)) {
                diagnostics.error(at, "Extra '}' found");
                lastExtraBrace = at;
            }
            return;
        }
        int last = fileBaseDepth.size() - 1;
        if (last > 0 && open.size() <= fileBaseDepth.get(last)) {
            Open outer = open.get(open.size() - 1);
            diagnostics.warn(at, "this '}' closes the block of '" + outer.words.get(0) + "' opened at " + outer.at
                    + ", outside this file");
            fileBaseDepth.set(last, open.size() - 1);
        }
        Open closing = open.remove(open.size() - 1);
        current().add(new Statement(closing.at, closing.words, closing.children, at));
    }

    @Override
    public void fileStart(Path file) {
        fileBaseDepth.add(open.size());
    }

    @Override
    public void fileEnd(Path file) {
        int base = fileBaseDepth.remove(fileBaseDepth.size() - 1);
        if (!fileBaseDepth.isEmpty() && open.size() > base) {
            Open first = open.get(base);
            diagnostics.warn(first.at, "the block of '" + first.words.get(0) + "' opened here is still open at the"
                    + " end of " + file + "; it continues in the file that included it");
        }
    }

    @Override
    public boolean directlyInside(String keyword) {
        return ignoredDepth == 0 && open.size() == 1 && open.get(0).words.get(0).equals(keyword);
    }

    /** The top-level statements, closing (with an error each) the blocks still open at the end. */
    List<Statement> finish() {
        flushPending();
        if (ignoredDepth > 0) {
            diagnostics.error(ignoredAt, "the ignored block opened here is not closed (missing '}')");
        }
        while (!open.isEmpty()) {
            Open unclosed = open.remove(open.size() - 1);
            diagnostics.error(unclosed.at, "missing '}': the block of '" + unclosed.words.get(0)
                    + "' opened here is not closed at the end of the configuration");
            current().add(new Statement(unclosed.at, unclosed.words, unclosed.children));
        }
        return topLevel;
    }

    private void flushPending() {
        if (pendingWords != null) {
            current().add(Statement.line(pendingAt, pendingWords));
            pendingWords = null;
            pendingAt = null;
        }
    }

    private List<Statement> current() {
        return open.isEmpty() ? topLevel : open.get(open.size() - 1).children;
    }
}

package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.SourceLocation;
import io.jkeepalived.config.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reports the lines keepalived 2.2.7 reads differently because jkeepalived skipped a block whole.
 *
 * <p>Where an unknown keyword, or a keyword that takes no block, is followed by {@code {}, keepalived says
 * "Unexpected '{'", reads the block's lines at the level of that keyword, and lets the block's {@code }} close
 * the enclosing block. Everything after it up to the end of the enclosing top-level block is then read one
 * level further out (mostly as unknown keywords), and the top-level block's own {@code }} is an unknown keyword
 * at the top level. A value block such as {@code virtual_ipaddress} reads a nested {@code {} as a word, with the
 * same outcome. We skip such a block because that is what the operator wrote (docs/config-language.md), and
 * warn at each of those lines so that {@code -t} still points at every line keepalived would read otherwise:
 * the lines of the skipped block, the lines after it in its enclosing blocks, and the braces that close
 * differently for keepalived.
 */
final class SkippedBlockReport {
    private final Diagnostics diagnostics;
    private final Set<SourceLocation> reported = new HashSet<>();

    SkippedBlockReport(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void report(List<Statement> topLevel) {
        List<Statement> skipped = diagnostics.skippedBlocks();
        if (skipped.isEmpty()) {
            return;
        }
        Set<Statement> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
        wanted.addAll(skipped);
        for (Statement top : topLevel) {
            walk(top, new ArrayList<>(), wanted);
        }
    }

    /** Depth-first, without descending into a skipped block (nothing inside it was bound). */
    private void walk(Statement statement, List<Statement> ancestors, Set<Statement> wanted) {
        if (wanted.contains(statement)) {
            reportOne(statement, ancestors);
            return;
        }
        if (!statement.hasBlock()) {
            return;
        }
        ancestors.add(statement);
        for (Statement child : statement.children()) {
            walk(child, ancestors, wanted);
        }
        ancestors.remove(ancestors.size() - 1);
    }

    private void reportOne(Statement skipped, List<Statement> ancestors) {
        String what = "'" + skipped.keyword() + "' at " + skipped.location();
        reported.add(skipped.location());
        for (Statement inner : skipped.children()) {
            inside(inner, what);
        }
        if (skipped.end() == null) {
            return; // never closed: everything after it is inside it
        }
        if (ancestors.isEmpty()) {
            brace(skipped.end(), what);
            return;
        }
        String after = "keepalived 2.2.7 reads this line one block further out: for it, the '}' of the skipped block of "
                + what + " closes the enclosing block";
        Statement child = skipped;
        for (int level = ancestors.size() - 1; level >= 0; level--) {
            Statement parent = ancestors.get(level);
            List<Statement> siblings = parent.children();
            int index = indexOf(siblings, child);
            for (int k = index + 1; k < siblings.size(); k++) {
                following(siblings.get(k), after, what);
            }
            child = parent;
        }
        Statement top = ancestors.get(0);
        if (top.end() != null) {
            brace(top.end(), what);
        }
    }

    private void inside(Statement statement, String what) {
        warn(statement.location(), "skipped with the block of " + what);
        for (Statement inner : statement.children()) {
            inside(inner, what);
        }
        if (statement.end() != null) {
            brace(statement.end(), what);
        }
    }

    private void following(Statement statement, String message, String what) {
        warn(statement.location(), message);
        for (Statement inner : statement.children()) {
            following(inner, message, what);
        }
        if (statement.end() != null) {
            brace(statement.end(), what);
        }
    }

    private void brace(SourceLocation at, String what) {
        warn(at, "keepalived 2.2.7 pairs this '}' with another '{' (see the skipped block of " + what + ")");
    }

    private void warn(SourceLocation at, String message) {
        if (reported.add(at)) {
            diagnostics.warn(at, message);
        }
    }

    private static int indexOf(List<Statement> list, Statement wanted) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == wanted) {
                return i;
            }
        }
        return list.size();
    }
}

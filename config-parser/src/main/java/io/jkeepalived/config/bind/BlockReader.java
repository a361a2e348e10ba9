package io.jkeepalived.config.bind;

import io.jkeepalived.config.Diagnostics;
import io.jkeepalived.config.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the statements of one block: each keyword goes to its handler, and everything else is reported the
 * same way in every block of the configuration.
 *
 * <ul>
 * <li>a keyword keepalived knows but jkeepalived does not model: WARNING "'x' is not supported by jkeepalived;
 *     ignored";</li>
 * <li>a deprecated alias: WARNING naming the keyword to use, then handled as that keyword;</li>
 * <li>any other keyword: WARNING {@code Unknown keyword 'x'}; a block it opens is skipped whole. keepalived
 *     instead reads such a block's lines at the current level and lets its '}' close the enclosing block
 *     early; we deliberately do not, so that one typo cannot silently re-parent the lines after it.</li>
 * </ul>
 */
final class BlockReader {
    private final Diagnostics diagnostics;
    private final Map<String, Consumer<Args>> lines = new HashMap<>();
    private final Map<String, Consumer<Statement>> blocks = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Set<String> unsupported = new HashSet<>();

    BlockReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** A keyword whose arguments are on its line; a block after it is reported and skipped. */
    BlockReader line(String keyword, Consumer<Args> handler) {
        lines.put(keyword, handler);
        return this;
    }

    /** A keyword that opens a block; without one it is an error. */
    BlockReader block(String keyword, Consumer<Statement> handler) {
        blocks.put(keyword, handler);
        return this;
    }

    /** A deprecated spelling of {@code keyword}. */
    BlockReader alias(String deprecated, String keyword) {
        aliases.put(deprecated, keyword);
        return this;
    }

    /** Keywords keepalived accepts here that jkeepalived recognises but does not model. */
    BlockReader unsupported(String... keywords) {
        unsupported.addAll(List.of(keywords));
        return this;
    }

    boolean knows(String keyword) {
        return lines.containsKey(keyword) || blocks.containsKey(keyword) || aliases.containsKey(keyword)
                || unsupported.contains(keyword);
    }

    void read(List<Statement> statements) {
        for (Statement statement : statements) {
            read(statement);
        }
    }

    void read(Statement statement) {
        String keyword = statement.keyword();
        String current = aliases.get(keyword);
        if (current != null) {
            diagnostics.warn(statement.location(), "'" + keyword + "' is deprecated; use '" + current + "'");
            keyword = current;
        }
        Consumer<Args> line = lines.get(keyword);
        Consumer<Statement> block = blocks.get(keyword);
        if (line != null) {
            Args args = new Args(statement, diagnostics);
            args.noBlock();
            line.accept(args);
        } else if (block != null) {
            if (!statement.hasBlock()) {
                diagnostics.error(statement.location(), keyword + ": expected a block '{ ... }' after '"
                        + String.join(" ", statement.words()) + "'; ignored");
                return;
            }
            block.accept(statement);
        } else if (unsupported.contains(keyword)) {
            diagnostics.warn(statement.location(), "'" + keyword + "' is not supported by jkeepalived; ignored");
        } else {
            diagnostics.warn(statement.location(), "Unknown keyword '" + keyword + "'"
                    + (statement.hasBlock() ? " (its block is skipped)" : ""));
            diagnostics.blockSkipped(statement);
        }
    }

    /** All the words of a block's lines, in order: keepalived's value blocks ({@code group}, e-mail lists). */
    static List<String> words(Statement block) {
        return block.children().stream().flatMap(s -> s.words().stream()).toList();
    }
}

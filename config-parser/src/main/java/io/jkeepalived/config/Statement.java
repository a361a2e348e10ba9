package io.jkeepalived.config;

import java.util.List;
import java.util.Objects;

/**
 * One statement of keepalived.conf after preprocessing: the words of one logical line (comments stripped,
 * quotes removed, macros expanded) and, when the line opened a {@code { ... }} block, the statements inside it.
 *
 * <p>The tree is purely syntactic; what a keyword means is decided by the binders in
 * {@code io.jkeepalived.config.bind}. Any statement followed by {@code {} has a block, whether or not its keyword
 * takes one. For script keywords ({@code script}, {@code notify*}, {@code misc_path}, ...; see
 * {@code source.EscapedWords#isScriptKeyword}) the words went through keepalived's quote-and-escape reading, so
 * the second word is the command text still to be split by {@code EscapedWords.split}.
 *
 * @param location where the statement's first word stands
 * @param words    the keyword followed by its arguments; never empty
 * @param block    the statements of the block this statement opens, or {@code null} when it opens none
 * @param end      where the {@code }} closing the block stands; {@code null} when the statement opens no block or
 *                 the block is never closed. Only the report of how keepalived pairs braces differently needs it
 */
public record Statement(SourceLocation location, List<String> words, List<Statement> block, SourceLocation end) {
    public Statement {
        Objects.requireNonNull(location, "location");
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one word");
        }
        block = block == null ? null : List.copyOf(block);
        if (block == null) {
            end = null;
        }
    }

    /** A statement whose block (if any) has no known closing brace. */
    public Statement(SourceLocation location, List<String> words, List<Statement> block) {
        this(location, words, block, null);
    }

    public static Statement line(SourceLocation location, List<String> words) {
        return new Statement(location, words, null);
    }

    public String keyword() {
        return words.get(0);
    }

    /** The words after the keyword. */
    public List<String> args() {
        return words.subList(1, words.size());
    }

    public boolean hasBlock() {
        return block != null;
    }

    /** The block's statements, or an empty list when the statement opens no block. */
    public List<Statement> children() {
        return block == null ? List.of() : block;
    }
}

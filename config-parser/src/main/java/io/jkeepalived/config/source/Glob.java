package io.jkeepalived.config.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file name patterns of {@code include}, as glibc's glob(3) with GLOB_BRACE | GLOB_MARK expands them for
 * keepalived: csh-style braces first (each alternative expanded in the order written, its own matches sorted),
 * then {@code *}, {@code ?} and {@code [...]} per path component, a leading {@code .} only matched explicitly,
 * {@code \} escaping the next character. It also counts what keepalived counts to choose its message: names or
 * directories that do not exist, and whether a wildcard was used.
 */
final class Glob {
    private Glob() {
    }

    /** One file name the pattern matched. */
    record Match(Path path, boolean directory) {
    }

    /**
     * @param matches      in keepalived's order
     * @param missing      how many literal names or directories to search did not exist
     * @param wildcards    whether any directory had to be searched for a wildcard
     * @param braces       whether the pattern has a brace expression
     * @param tooMany      the expansion was cut off at the limit given
     */
    record Result(List<Match> matches, int missing, boolean wildcards, boolean braces, boolean tooMany) {
    }

    static Result expand(Path baseDir, String pattern, int maxResults) {
        List<String> alternatives = new ArrayList<>();
        boolean tooMany = !expandBraces(pattern, alternatives, maxResults);
        boolean braces = alternatives.size() != 1 || !alternatives.get(0).equals(pattern);
        Walk walk = new Walk(maxResults);
        for (String alternative : alternatives) {
            if (walk.tooMany) {
                break;
            }
            int before = walk.matches.size();
            walk.run(baseDir, alternative);
            walk.matches.subList(before, walk.matches.size())
                    .sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
        }
        return new Result(List.copyOf(walk.matches), walk.missing, walk.wildcards, braces, tooMany || walk.tooMany);
    }

    // ---- braces -------------------------------------------------------------------------------------------------

    /** Appends the brace expansions of {@code pattern}; false when more than {@code max} would result. */
    static boolean expandBraces(String pattern, List<String> out, int max) {
        // Depth-first with an explicit stack, so that a pattern with many brace groups cannot exhaust the call
        // stack; alternatives are pushed in reverse so that they come out in the order written.
        java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>();
        pending.push(pattern);
        while (!pending.isEmpty()) {
            String p = pending.pop();
            int open = findOpenBrace(p);
            if (open < 0) {
                if (out.size() >= max) {
                    return false;
                }
                out.add(p);
                continue;
            }
            int close = findCloseBrace(p, open);
            List<String> parts = new ArrayList<>();
            int depth = 0;
            int partStart = open + 1;
            for (int i = open + 1; i < close; i++) {
                char c = p.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    parts.add(p.substring(partStart, i));
                    partStart = i + 1;
                }
            }
            parts.add(p.substring(partStart, close));
            if (pending.size() + parts.size() + out.size() > max) {
                return false;
            }
            String prefix = p.substring(0, open);
            String suffix = p.substring(close + 1);
            for (int k = parts.size() - 1; k >= 0; k--) {
                pending.push(prefix + parts.get(k) + suffix);
            }
        }
        return true;
    }

    /** The first '{' that has a matching '}', or -1: an unbalanced brace is an ordinary character. */
    private static int findOpenBrace(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{' && findCloseBrace(p, i) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int findCloseBrace(String p, int open) {
        int depth = 0;
        for (int i = open + 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    // ---- walking directories ------------------------------------------------------------------------------------

    private static final class Walk {
        final List<Match> matches = new ArrayList<>();
        final int max;
        int missing;
        boolean wildcards;
        boolean tooMany;

        Walk(int max) {
            this.max = max;
        }

        void run(Path baseDir, String pattern) {
            Path root = pattern.startsWith("/") ? Path.of("/") : baseDir;
            List<String> components = new ArrayList<>();
            for (String part : pattern.split("/", -1)) {
                if (!part.isEmpty()) {
                    components.add(part);
                }
            }
            if (components.isEmpty()) {
                missing++;
                return;
            }
            List<Path> current = List.of(root);
            for (int c = 0; c < components.size() && !current.isEmpty(); c++) {
                String component = components.get(c);
                boolean last = c == components.size() - 1;
                List<Path> next = new ArrayList<>();
                if (hasWildcard(component)) {
                    wildcards = true;
                    for (Path dir : current) {
                        searchDirectory(dir, component, last, next);
                        if (tooMany) {
                            return;
                        }
                    }
                } else {
                    String name = unescape(component);
                    for (Path dir : current) {
                        Path candidate = dir.resolve(name);
                        boolean exists = last
                                ? Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                                : Files.isDirectory(candidate);
                        if (exists) {
                            next.add(candidate);
                        } else {
                            missing++;
                        }
                    }
                }
                current = next;
            }
            for (Path path : current) {
                if (matches.size() >= max) {
                    tooMany = true;
                    return;
                }
                matches.add(new Match(path, Files.isDirectory(path)));
            }
        }

        private void searchDirectory(Path dir, String component, boolean last, List<Path> out) {
            if (!Files.isDirectory(dir)) {
                missing++;
                return;
            }
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    Path fileName = entry.getFileName();
                    if (fileName == null) {
                        continue;
                    }
                    String name = fileName.toString();
                    if (name.startsWith(".") && !component.startsWith(".")) {
                        continue;
                    }
                    if (!Fnmatch.matches(component, name)) {
                        continue;
                    }
                    if (!last && !Files.isDirectory(entry)) {
                        continue;
                    }
                    if (found.size() + out.size() + matches.size() >= max) {
                        tooMany = true;
                        return;
                    }
                    found.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable directory is what glob reports as a missing one.
                missing++;
                return;
            }
            found.sort((a, b) -> a.toString().compareTo(b.toString()));
            out.addAll(found);
        }
    }

    static boolean hasWildcard(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String component) {
        if (component.indexOf('\\') < 0) {
            return component;
        }
        StringBuilder out = new StringBuilder(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\' && i + 1 < component.length()) {
                i++;
                c = component.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    // ---- matching one name --------------------------------------------------------------------------------------

    /** fnmatch(3) for one path component: {@code *}, {@code ?}, {@code [...]} with ranges, classes and negation. */
    static final class Fnmatch {
        private Fnmatch() {
        }

        static boolean matches(String pattern, String name) {
            // Classic two-pointer matching with one backtrack point: linear in practice, never exponential.
            int p = 0;
            int s = 0;
            int starP = -1;
            int starS = -1;
            while (s < name.length()) {
                if (p < pattern.length()) {
                    char pc = pattern.charAt(p);
                    if (pc == '*') {
                        starP = ++p;
                        starS = s;
                        continue;
                    }
                    if (pc == '?') {
                        p++;
                        s++;
                        continue;
                    }
                    if (pc == '[') {
                        int end = bracketEnd(pattern, p);
                        if (end > 0) {
                            if (bracketMatches(pattern, p + 1, end, name.charAt(s))) {
                                p = end + 1;
                                s++;
                                continue;
                            }
                        } else if (name.charAt(s) == '[') {
                            p++;
                            s++;
                            continue;
                        }
                    } else {
                        char literal = pc;
                        int width = 1;
                        if (pc == '\\' && p + 1 < pattern.length()) {
                            literal = pattern.charAt(p + 1);
                            width = 2;
                        }
                        if (literal == name.charAt(s)) {
                            p += width;
                            s++;
                            continue;
                        }
                    }
                }
                if (starP >= 0) {
                    p = starP;
                    s = ++starS;
                    continue;
                }
                return false;
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }

        /** Index of the ']' closing the bracket expression opening at {@code open}, or -1 if it is not one. */
        private static int bracketEnd(String pattern, int open) {
            int i = open + 1;
            if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
                i++;
            }
            if (i < pattern.length() && pattern.charAt(i) == ']') {
                i++;
            }
            while (i < pattern.length()) {
                char c = pattern.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '[' && i + 1 < pattern.length() && pattern.charAt(i + 1) == ':') {
                    int close = pattern.indexOf(":]", i + 2);
                    if (close > 0) {
                        i = close + 2;
                        continue;
                    }
                }
                if (c == ']') {
                    return i;
                }
                i++;
            }
            return -1;
        }

        private static boolean bracketMatches(String pattern, int from, int end, char ch) {
            boolean negate = false;
            int i = from;
            if (pattern.charAt(i) == '!' || pattern.charAt(i) == '^') {
                negate = true;
                i++;
            }
            boolean matched = false;
            boolean first = true;
            while (i < end) {
                char c = pattern.charAt(i);
                if (c == '[' && i + 1 < end && pattern.charAt(i + 1) == ':') {
                    int close = pattern.indexOf(":]", i + 2);
                    if (close > 0 && close < end) {
                        matched |= inClass(pattern.substring(i + 2, close), ch);
                        i = close + 2;
                        first = false;
                        continue;
                    }
                }
                if (c == '\\' && i + 1 < end) {
                    i++;
                    c = pattern.charAt(i);
                } else if (c == ']' && !first) {
                    break;
                }
                first = false;
                if (i + 2 < end && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                    char high = pattern.charAt(i + 2);
                    int next = i + 3;
                    if (high == '\\' && i + 3 < end) {
                        high = pattern.charAt(i + 3);
                        next = i + 4;
                    }
                    matched |= c <= ch && ch <= high;
                    i = next;
                } else {
                    matched |= c == ch;
                    i++;
                }
            }
            return matched != negate;
        }

        private static boolean inClass(String name, char c) {
            return switch (name) {
                case "alpha" -> Character.isLetter(c);
                case "digit" -> c >= '0' && c <= '9';
                case "alnum" -> Character.isLetterOrDigit(c);
                case "upper" -> Character.isUpperCase(c);
                case "lower" -> Character.isLowerCase(c);
                case "space" -> Words.isSpace(c);
                case "blank" -> Words.isBlank(c);
                case "xdigit" -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
                case "cntrl" -> c < 32 || c == 127;
                case "print" -> c >= 32 && c != 127;
                case "graph" -> c > 32 && c != 127;
                default -> false;
            };
        }
    }
}

package io.jkeepalived.config.source;

/**
 * Bounds that keep one read finite and its tree shallow whatever the input (keepalived has none: it recurses until
 * it runs out of file descriptors on an include cycle, and loops forever on {@code $A=$A}).
 *
 * @param maxBlockDepth          blocks nested deeper than this are ignored with an error (keepalived's own
 *                               configuration never nests more than 5 deep)
 * @param maxIncludeDepth        files open at once through nested includes
 * @param maxFilesOpened         files read in one parse, counting repeats
 * @param maxFileBytes           size of one file
 * @param maxTotalBytes          bytes read in one parse over all files
 * @param maxGeneratedLines      lines produced by ~SEQ/~LST loops and multi-line definitions in one parse
 * @param maxExpansionNesting    loops running inside loops, and multi-line definitions used inside multi-line
 *                               definitions (keepalived's man page nests three loops)
 * @param maxSubstitutions       definition substitutions in one line; the characters they copy are bounded
 *                               to 16 times {@code maxExpandedLineChars}
 * @param maxSubstitutionWork    characters copied by substitutions in one parse (each substitution copies its line)
 * @param maxExpandedLineChars   length of a line after substitutions
 * @param maxGlobMatches         file names one include pattern may produce
 * @param maxIncludePatternChars length of an include pattern (PATH_MAX)
 */
record ReaderLimits(int maxBlockDepth, int maxIncludeDepth, int maxFilesOpened, long maxFileBytes, long maxTotalBytes,
                    long maxGeneratedLines, int maxExpansionNesting, int maxSubstitutions, long maxSubstitutionWork, int maxExpandedLineChars, int maxGlobMatches,
                    int maxIncludePatternChars) {

    /**
     * Generous for real configurations: keepalived's man page shows three nested ~SEQ generating 65,024 VRRP
     * instances from a 15-line definition, about a million lines; that still fits.
     */
    static final ReaderLimits DEFAULT = new ReaderLimits(64, 32, 10_000, 32L << 20, 256L << 20,
            2_000_000, 64, 10_000, 1L << 30, 65_536, 10_000, 4096);

    ReaderLimits withMaxGeneratedLines(long lines) {
        return new ReaderLimits(maxBlockDepth, maxIncludeDepth, maxFilesOpened, maxFileBytes, maxTotalBytes, lines,
                maxExpansionNesting, maxSubstitutions, maxSubstitutionWork, maxExpandedLineChars, maxGlobMatches,
                maxIncludePatternChars);
    }

    ReaderLimits withMaxFilesOpened(int files) {
        return new ReaderLimits(maxBlockDepth, maxIncludeDepth, files, maxFileBytes, maxTotalBytes,
                maxGeneratedLines, maxExpansionNesting, maxSubstitutions, maxSubstitutionWork, maxExpandedLineChars,
                maxGlobMatches, maxIncludePatternChars);
    }
}

package io.jkeepalived.check;

/**
 * What a checker's retry policy decided after one attempt.
 *
 * @param transition  the checker went UP or DOWN, or stayed
 * @param delayNanos  when the next attempt starts
 * @param fromStart   the delay counts from the start of the attempt just finished (MISC_CHECK), else from now
 * @param weightDelta what this checker now adds to the real server's configured weight (misc_dynamic)
 */
record Step(Transition transition, long delayNanos, boolean fromStart, int weightDelta) {
    enum Transition { NONE, UP, DOWN }
}

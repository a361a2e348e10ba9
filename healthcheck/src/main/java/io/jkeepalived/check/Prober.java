package io.jkeepalived.check;

import java.util.function.Consumer;

/**
 * Runs one attempt of a checker and reports its result on the scheduler's thread, exactly once, and never from
 * inside {@link #probe} itself (an immediate failure is reported through {@link CheckScheduler#execute}).
 */
interface Prober {
    /**
     * @param spec the checker
     * @param url  for HTTP_GET/SSL_GET: which url
     * @param done receives the result (not after {@link CheckScheduler.Cancellable#cancel()})
     */
    CheckScheduler.Cancellable probe(CheckerSpec spec, int url, Consumer<ProbeResult> done);
}

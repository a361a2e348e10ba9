package io.jkeepalived.check;

/**
 * The clock and timer the checkers run on: the Netty event loop in the daemon, a fake clock in tests. Every
 * task runs on one thread, the same that calls into the {@link CheckDriver}.
 */
interface CheckScheduler {
    long nanoTime();

    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the scheduler's thread soon (now, if already on it and allowed). */
    void execute(Runnable task);

    interface Cancellable {
        void cancel();
    }
}

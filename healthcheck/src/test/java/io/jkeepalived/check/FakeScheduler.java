package io.jkeepalived.check;

import java.time.Duration;
import java.util.PriorityQueue;

/** A single-threaded virtual clock: tasks run in time order when the test advances the clock. */
final class FakeScheduler implements CheckScheduler {
    private record Task(long at, long seq, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = {false};
        tasks.add(new Task(now + Math.max(0, delayNanos), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    /** Runs every task due up to {@code time} (seconds since the start), then sets the clock to it. */
    void runUntil(double seconds) {
        long until = (long) (seconds * 1e9);
        while (!tasks.isEmpty() && tasks.peek().at <= until) {
            Task t = tasks.poll();
            now = t.at;
            if (!t.cancelled[0]) {
                t.action.run();
            }
        }
        now = Math.max(now, until);
    }

    double seconds() {
        return now / 1e9;
    }

    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    static Duration secs(double s) {
        return Duration.ofNanos(nanos(s));
    }
}

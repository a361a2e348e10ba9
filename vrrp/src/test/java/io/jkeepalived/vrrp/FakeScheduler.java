package io.jkeepalived.vrrp;

import java.util.Comparator;
import java.util.PriorityQueue;

/** A fake clock: timers and queued external events run in time order (ties: in order of scheduling). */
public final class FakeScheduler implements VrrpScheduler {
    public static final long S = 1_000_000_000L;

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong((Task t) -> t.at).thenComparingLong(t -> t.seq));
    private long now;
    private long seq;

    private static final class Task implements Timer {
        final long at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(long at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(long delayNanos, Runnable task) {
        Task t = new Task(now + Math.max(0, delayNanos), seq++, task);
        queue.add(t);
        return t;
    }

    /** Queues an external event at an absolute time in seconds. */
    public void at(double seconds, Runnable event) {
        long at = Math.round(seconds * S);
        if (at < now) {
            throw new IllegalArgumentException("event at " + seconds + " s is in the past");
        }
        queue.add(new Task(at, seq++, event));
    }

    /** Runs everything due up to and including {@code seconds}, then sets the clock there. */
    public void runUntil(double seconds) {
        long until = Math.round(seconds * S);
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            now = t.at;
            t.action.run();
        }
        now = Math.max(now, until);
    }

    /** Live (not cancelled) timers and events still queued. */
    public long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}

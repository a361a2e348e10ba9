package io.jkeepalived.vrrp.loop;

import io.jkeepalived.vrrp.VrrpScheduler;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One-shot timers in deadline order (ties in the order they were scheduled), pure: the caller says what
 * time it is. Not thread-safe; the event loop owns it. Cancelled timers stay queued until they come up
 * (cheap: a flag), so cancelling is O(1) and a busy instance re-arming its timer costs no search.
 */
public final class TimerQueue {
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            Comparator.comparingLong((Entry e) -> e.deadline).thenComparingLong(e -> e.sequence));
    private long sequence;
    private int live;

    private final class Entry implements VrrpScheduler.Timer {
        final long deadline;
        final long sequence;
        final boolean precise;
        Runnable task;

        Entry(long deadline, long sequence, Runnable task, boolean precise) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
            this.precise = precise;
        }

        @Override
        public void cancel() {
            if (task != null) {
                task = null;
                live--;
            }
        }
    }

    /** Queues {@code task} for {@code deadline} (System.nanoTime() scale). */
    public VrrpScheduler.Timer add(long deadline, Runnable task) {
        return add(deadline, task, false);
    }

    /** Queues {@code task}; {@code precise} asks the loop to fire it as close to the deadline as it can. */
    public VrrpScheduler.Timer add(long deadline, Runnable task, boolean precise) {
        Entry e = new Entry(deadline, sequence++, task, precise);
        queue.add(e);
        live++;
        return e;
    }

    /**
     * The deadline of the earliest live timer, or {@link Long#MAX_VALUE} when none is queued. Drops
     * cancelled timers at the head on the way.
     */
    public long nextDeadline() {
        while (!queue.isEmpty() && queue.peek().task == null) {
            queue.poll();
        }
        return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().deadline;
    }

    /** Whether the earliest live timer asked for precision (call after {@link #nextDeadline()}). */
    public boolean nextIsPrecise() {
        return !queue.isEmpty() && queue.peek().precise;
    }

    /**
     * Runs, in order, every timer whose deadline is at or before {@code now}, including timers those
     * tasks add for a time already past. A task that throws is handed to {@code onFailure} and the
     * others still run.
     *
     * @return how many tasks ran
     */
    public int runDue(long now, Consumer<RuntimeException> onFailure) {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().deadline - now <= 0) {
            Entry e = queue.poll();
            Runnable task = e.task;
            if (task == null) {
                continue;
            }
            e.task = null;
            live--;
            ran++;
            try {
                task.run();
            } catch (RuntimeException ex) {
                onFailure.accept(ex);
            }
        }
        return ran;
    }

    /** Timers queued and not cancelled. */
    public int size() {
        return live;
    }
}

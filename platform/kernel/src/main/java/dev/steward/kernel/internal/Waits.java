package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of durable waits. A waiting step holds no thread: its deadline is in the journal and one
 * scheduled task per wait fires it; a restart schedules the same deadline again. The scheduler's single
 * thread also runs the short store reads that waits need, off the journal's writer thread.
 */
final class Waits implements AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-kernel-timers"));
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();

    Waits(Clock clock) {
        this.clock = clock;
    }

    Executor executor() {
        return timers;
    }

    void schedule(String flowId, String stepId, Instant deadline, Runnable onDeadline) {
        // in nanoseconds: a delay in whole milliseconds could fire up to 1 ms before a deadline with a fraction
        long delay = Math.max(0, Duration.between(clock.instant(), deadline).toNanos());
        String key = flowId + "/" + stepId;
        scheduled.put(key, timers.schedule(() -> {
            scheduled.remove(key);
            onDeadline.run();
        }, delay, TimeUnit.NANOSECONDS));
    }

    /** Runs a task once, after a delay, on the timer thread; cancel the future to drop it. */
    ScheduledFuture<?> later(Duration delay, Runnable task) {
        return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void cancel(String flowId, String stepId) {
        ScheduledFuture<?> f = scheduled.remove(flowId + "/" + stepId);
        if (f != null) {
            f.cancel(false);
        }
    }

    void cancelAll(String flowId) {
        scheduled.keySet().removeIf(key -> {
            if (key.startsWith(flowId + "/")) {
                ScheduledFuture<?> f = scheduled.get(key);
                if (f != null) {
                    f.cancel(false);
                }
                return true;
            }
            return false;
        });
    }

    int pending() {
        return scheduled.size();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}

package dev.steward.kernel.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent-version pins of dispatched steps not journaled yet. A pin is written by its own journal entry once its
 * call has run for {@link #DELAY}, when the call ends without a result to carry it (its agent left), or when the
 * kernel stops; a call that ends sooner with a result hands the pin to that result's write instead, so a short step
 * costs one journal commit, not two.
 */
final class PendingPins {

    /** How long a call runs before its pin gets a journal write of its own. */
    static final Duration DELAY = Duration.ofMillis(20);

    private final Map<String, Runnable> pending = new ConcurrentHashMap<>();
    private final Waits timers;

    PendingPins(Waits timers) {
        this.timers = timers;
    }

    /** Holds the write of a dispatched step's pin, and writes it after {@link #DELAY} unless the step's result took it. */
    void dispatched(String stepKey, Runnable write) {
        pending.put(stepKey, write);
        timers.later(DELAY, () -> write(stepKey));
    }

    /** The step's result is about to be journaled with its pin: no write of its own. */
    void carried(String stepKey) {
        pending.remove(stepKey);
    }

    /** Writes the step's pin now, if it is still pending. */
    void write(String stepKey) {
        Runnable write = pending.remove(stepKey);
        if (write != null) {
            write.run();
        }
    }

    /** Writes every pending pin now: the kernel stops while calls run. */
    void writeAll() {
        pending.keySet().forEach(this::write);
    }
}

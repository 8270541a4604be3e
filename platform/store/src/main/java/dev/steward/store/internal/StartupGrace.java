package dev.steward.store.internal;

import java.time.Duration;

/**
 * The window in which an embedded server that is still starting is expected to refuse connections, so
 * that a normal boot logs no warning. It ends at the first connection or when its time runs out.
 */
final class StartupGrace {

    private volatile long endsAt;

    StartupGrace(Duration length) {
        this.endsAt = System.nanoTime() + length.toNanos();
    }

    static StartupGrace none() {
        return new StartupGrace(Duration.ZERO);
    }

    boolean active() {
        return System.nanoTime() < endsAt;
    }

    void end() {
        endsAt = 0;
    }
}

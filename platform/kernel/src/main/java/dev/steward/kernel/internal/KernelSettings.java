package dev.steward.kernel.internal;

import java.time.Duration;

/** The kernel's validated settings. */
record KernelSettings(int bulkheadThreads, int journalBatchMax, int breakerFailures, Duration breakerOpenFor) {

    KernelSettings {
        require(bulkheadThreads >= 1 && bulkheadThreads <= 256, "bulkhead.threads", bulkheadThreads, "1 to 256");
        require(journalBatchMax >= 1 && journalBatchMax <= 10_000, "journal.batch.max", journalBatchMax, "1 to 10000");
        require(breakerFailures >= 1, "breaker.failures", breakerFailures, "at least 1");
        require(!breakerOpenFor.isNegative() && !breakerOpenFor.isZero(), "breaker.open.seconds", breakerOpenFor, "positive");
    }

    static KernelSettings from(KernelConfig c) {
        return new KernelSettings(c.bulkhead_threads(), c.journal_batch_max(), c.breaker_failures(),
                Duration.ofSeconds(c.breaker_open_seconds()));
    }

    static KernelSettings defaults() {
        return new KernelSettings(4, 256, 5, Duration.ofSeconds(30));
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("invalid configuration in etc/dev.steward.kernel.cfg: " + key + " '"
                    + value + "' must be " + expected);
        }
    }
}

package dev.steward.kernel.internal;

import java.time.Duration;

/** The kernel's validated settings. */
record KernelSettings(int bulkheadThreads, int journalBatchMax, int journalWriters, int breakerFailures,
        Duration breakerOpenFor, String nodeId, Duration lease, Duration approvalTimeout) {

    /** How long a step sent for approval waits for a decision before it fails, unless configured. */
    static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(24);

    KernelSettings(int bulkheadThreads, int journalBatchMax, int journalWriters, int breakerFailures,
            Duration breakerOpenFor, String nodeId, Duration lease) {
        this(bulkheadThreads, journalBatchMax, journalWriters, breakerFailures, breakerOpenFor, nodeId, lease,
                DEFAULT_APPROVAL_TIMEOUT);
    }

    KernelSettings(int bulkheadThreads, int journalBatchMax, int breakerFailures, Duration breakerOpenFor, String nodeId,
            Duration lease) {
        this(bulkheadThreads, journalBatchMax, DEFAULT_WRITERS, breakerFailures, breakerOpenFor, nodeId, lease);
    }

    static final int DEFAULT_WRITERS = Integer.getInteger("steward.journal.writers", 2);

    KernelSettings {
        require(bulkheadThreads >= 1 && bulkheadThreads <= 256, "bulkhead.threads", bulkheadThreads, "1 to 256");
        require(journalBatchMax >= 1 && journalBatchMax <= 10_000, "journal.batch.max", journalBatchMax, "1 to 10000");
        require(journalWriters >= 1 && journalWriters <= 16, "journal.writers", journalWriters, "1 to 16");
        require(breakerFailures >= 1, "breaker.failures", breakerFailures, "at least 1");
        require(!breakerOpenFor.isNegative() && !breakerOpenFor.isZero(), "breaker.open.seconds", breakerOpenFor, "positive");
        require(nodeId != null && nodeId.matches("[A-Za-z0-9_.:-]+"), "node.id", nodeId, "letters, digits, '_', '.', ':' or '-'");
        require(lease.toMillis() >= 300, "lease.seconds", lease, "positive");
        require(!approvalTimeout.isNegative() && !approvalTimeout.isZero(), "approval.timeout.seconds", approvalTimeout,
                "positive");
    }

    /** How often a node renews its leases and looks for flows to take over: a third of the lease. */
    Duration leaseTick() {
        return lease.dividedBy(3);
    }

    static KernelSettings from(KernelConfig c, String generatedNodeId) {
        return new KernelSettings(c.bulkhead_threads(), c.journal_batch_max(), c.journal_writers(), c.breaker_failures(),
                Duration.ofSeconds(c.breaker_open_seconds()), c.node_id().isBlank() ? generatedNodeId : c.node_id().strip(),
                Duration.ofSeconds(c.lease_seconds()), Duration.ofSeconds(c.approval_timeout_seconds()));
    }

    static KernelSettings defaults(String nodeId) {
        return new KernelSettings(4, 256, DEFAULT_WRITERS, 5, Duration.ofSeconds(30), nodeId, Duration.ofSeconds(30));
    }

    private static void require(boolean ok, String key, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("invalid configuration in etc/dev.steward.kernel.cfg: " + key + " '"
                    + value + "' must be " + expected);
        }
    }
}

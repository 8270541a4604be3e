package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.steward.api.agent.AgentDescriptor.CostClass;

/** The kernel's validated settings. */
record KernelSettings(int bulkheadThreads, int journalBatchMax, int journalWriters, int breakerFailures,
        Duration breakerOpenFor, String nodeId, Duration lease, Duration approvalTimeout, boolean approveOnExpiry,
        Map<CostClass, BigDecimal> costEstimates) {

    /** The estimated cost of one call by cost class, unless configured: nothing, a cent, ten cents. */
    static final Map<CostClass, BigDecimal> DEFAULT_COSTS = Map.of(CostClass.LOW, BigDecimal.ZERO,
            CostClass.MEDIUM, new BigDecimal("0.01"), CostClass.HIGH, new BigDecimal("0.10"));

    KernelSettings(int bulkheadThreads, int journalBatchMax, int journalWriters, int breakerFailures,
            Duration breakerOpenFor, String nodeId, Duration lease, Duration approvalTimeout) {
        this(bulkheadThreads, journalBatchMax, journalWriters, breakerFailures, breakerOpenFor, nodeId, lease,
                approvalTimeout, false, DEFAULT_COSTS);
    }

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
        costEstimates = Map.copyOf(costEstimates);
        for (CostClass c : CostClass.values()) {
            BigDecimal cost = costEstimates.get(c);
            require(cost != null && cost.signum() >= 0, "cost.estimate." + c.name().toLowerCase(Locale.ROOT), cost,
                    "a number of US dollars, not negative");
        }
    }

    /** The same settings with another approval timeout and what an expired approval does. */
    KernelSettings withApprovals(Duration timeout, boolean approve) {
        return new KernelSettings(bulkheadThreads, journalBatchMax, journalWriters, breakerFailures, breakerOpenFor,
                nodeId, lease, timeout, approve, costEstimates);
    }

    /** How often a node renews its leases and looks for flows to take over: a third of the lease. */
    Duration leaseTick() {
        return lease.dividedBy(3);
    }

    static KernelSettings from(KernelConfig c, String generatedNodeId) {
        return new KernelSettings(c.bulkhead_threads(), c.journal_batch_max(), c.journal_writers(), c.breaker_failures(),
                Duration.ofSeconds(c.breaker_open_seconds()), c.node_id().isBlank() ? generatedNodeId : c.node_id().strip(),
                Duration.ofSeconds(c.lease_seconds()), Duration.ofSeconds(c.approval_timeout_seconds()),
                onExpiry(c.approval_on_expiry()), Map.of(CostClass.LOW, cost("low", c.cost_estimate_low()),
                        CostClass.MEDIUM, cost("medium", c.cost_estimate_medium()),
                        CostClass.HIGH, cost("high", c.cost_estimate_high())));
    }

    private static boolean onExpiry(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        require(v.equals("reject") || v.equals("approve"), "approval.on.expiry", value, "'reject' or 'approve'");
        return v.equals("approve");
    }

    private static BigDecimal cost(String name, String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            require(false, "cost.estimate." + name, value, "a number of US dollars");
            return BigDecimal.ZERO;
        }
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

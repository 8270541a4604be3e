package dev.steward.api.governance;

import java.time.Duration;

/**
 * How long the operator took to decide held steps, from the hold to the decision (expired holds are not decisions),
 * as nearest-rank percentiles of the decisions' latencies.
 *
 * @param decisions how many decisions were made
 * @param p50 the median latency, {@code null} when there were no decisions
 * @param p95 the 95th percentile, {@code null} when there were no decisions
 */
public record DecisionLatency(int decisions, Duration p50, Duration p95) {

    /** No decisions. */
    public static final DecisionLatency NONE = new DecisionLatency(0, null, null);

    /** Validates the fields: percentiles exactly when there were decisions, the median not above the 95th. */
    public DecisionLatency {
        if (decisions < 0) {
            throw new IllegalArgumentException("decisions cannot be negative: " + decisions);
        }
        if ((decisions == 0) != (p50 == null) || (p50 == null) != (p95 == null)) {
            throw new IllegalArgumentException("percentiles are given exactly when there were decisions: " + decisions
                    + " decision(s), p50 " + p50 + ", p95 " + p95);
        }
        if (p50 != null && (p50.isNegative() || p50.compareTo(p95) > 0)) {
            throw new IllegalArgumentException("p50 " + p50 + " must be from zero to p95 " + p95);
        }
    }
}

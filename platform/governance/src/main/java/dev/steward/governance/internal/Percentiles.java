package dev.steward.governance.internal;

import java.time.Duration;
import java.util.List;

import dev.steward.api.governance.DecisionLatency;

/** Nearest-rank percentiles: the p-th percentile of n sorted values is the value of rank ceil(p × n / 100). */
final class Percentiles {

    private Percentiles() {
    }

    static DecisionLatency latency(List<Duration> values) {
        if (values.isEmpty()) {
            return DecisionLatency.NONE;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return new DecisionLatency(sorted.size(), rank(sorted, 50), rank(sorted, 95));
    }

    static Duration rank(List<Duration> sorted, int percent) {
        int rank = (percent * sorted.size() + 99) / 100;
        return sorted.get(Math.max(rank, 1) - 1);
    }
}

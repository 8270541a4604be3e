package dev.steward.governance.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionWaits;

/**
 * Escalations: each step held for approval that arose in the window waited from its hold to its end as of the
 * window's end: the operator's decision (the approval signal it used up), its expiry (its deadline), or the end of
 * its flow (cancelled while held). The decisions' latencies give the percentiles.
 */
final class Holds {

    private final ExceptionWaits waits;
    private final DecisionLatency latency;

    private Holds(ExceptionWaits waits, DecisionLatency latency) {
        this.waits = waits;
        this.latency = latency;
    }

    static Holds of(List<Map<String, Object>> rows, Window w) {
        int count = 0;
        int open = 0;
        Duration waited = Duration.ZERO;
        List<Duration> decisions = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Instant held = Instant.parse((String) row.get("heldAt"));
            if (!w.holds(held)) {
                continue;
            }
            Instant decided = instant(row.get("decidedAt"));
            Instant ended = decided != null ? decided : end(row);
            count++;
            if (w.openAt(ended)) {
                open++;
            } else if (decided != null) {
                decisions.add(positive(Duration.between(held, decided))); // clocks of two nodes may disagree
            }
            waited = waited.plus(positive(Duration.between(held, w.until(ended))));
        }
        return new Holds(new ExceptionWaits(count, open, waited), Percentiles.latency(decisions));
    }

    /** The end of a hold that no decision ended: its expiry, its flow's end, or none yet. */
    private static Instant end(Map<String, Object> row) {
        if (!"WAITING".equals(row.get("status"))) {
            return instant(row.get("deadline"));
        }
        boolean flowEnded = JournalReads.ENDED.contains(String.valueOf(row.get("flowStatus")));
        return flowEnded ? instant(row.get("flowUpdatedAt")) : null;
    }

    ExceptionWaits waits() {
        return waits;
    }

    DecisionLatency latency() {
        return latency;
    }

    static Instant instant(Object iso) {
        return iso == null ? null : Instant.parse(iso.toString());
    }

    static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}

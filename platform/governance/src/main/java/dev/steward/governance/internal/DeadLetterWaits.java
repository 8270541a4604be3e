package dev.steward.governance.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.steward.api.governance.ExceptionWaits;

/**
 * Dead letters: each letter that failed in the window waited from its failure to its replay or its discard, as of
 * the window's end. A letter whose replay failed counts from that last failure (the inbox keeps only the last); a
 * letter discarded before the inbox kept {@code discardedAt} counts as handled at once.
 */
final class DeadLetterWaits {

    private DeadLetterWaits() {
    }

    static ExceptionWaits of(List<Map<String, Object>> rows, Window w) {
        int count = 0;
        int open = 0;
        Duration waited = Duration.ZERO;
        for (Map<String, Object> row : rows) {
            Instant failed = Instant.ofEpochMilli(((Number) row.get("failedAt")).longValue());
            if (!w.holds(failed)) {
                continue;
            }
            Instant resolved = switch (String.valueOf(row.get("status"))) {
                case "REPLAYED" -> millis(row.get("replayedAt"), failed);
                case "DISCARDED" -> millis(row.get("discardedAt"), failed);
                default -> null;
            };
            count++;
            if (w.openAt(resolved)) {
                open++;
            }
            waited = waited.plus(Holds.positive(Duration.between(failed, w.until(resolved))));
        }
        return new ExceptionWaits(count, open, waited);
    }

    private static Instant millis(Object epochMillis, Instant otherwise) {
        return epochMillis instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : otherwise;
    }
}

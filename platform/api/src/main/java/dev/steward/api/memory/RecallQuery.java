package dev.steward.api.memory;

import java.time.Instant;
import java.util.Set;

/**
 * A request to recall memory items that match a text, optionally narrowed by kind and validity.
 *
 * @param text what to look for, matched by meaning ({@code null} becomes empty, which matches all)
 * @param kinds the kinds to keep ({@code null} or empty keeps every kind)
 * @param from keep items valid at or after this instant, or {@code null} for no lower bound
 * @param to keep items valid before this instant, or {@code null} for no upper bound
 * @param limit the most results to return, positive
 */
public record RecallQuery(String text, Set<String> kinds, Instant from, Instant to, int limit) {

    /** Validates the fields and copies the kinds. */
    public RecallQuery {
        text = text == null ? "" : text;
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("Recall query 'to' " + to + " is before 'from' " + from);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("Recall limit must be positive, was " + limit);
        }
    }

    /**
     * A query by text alone.
     *
     * @param text what to look for
     * @param limit the most results to return
     * @return the query
     */
    public static RecallQuery of(String text, int limit) {
        return new RecallQuery(text, Set.of(), null, null, limit);
    }
}

package dev.steward.api.memory;

import java.time.Instant;
import java.util.Set;

/**
 * A search of the knowledge bank: text, optionally narrowed by type and by when the episodes occurred.
 *
 * @param text what to look for, not blank
 * @param types episode kinds or entity types to keep ({@code null} or empty keeps all)
 * @param from keep episodes that occurred at or after this instant, or {@code null} for no lower bound
 * @param to keep episodes that occurred before this instant, or {@code null} for no upper bound
 * @param limit the most hits to return, positive
 */
public record KnowledgeQuery(String text, Set<String> types, Instant from, Instant to, int limit) {

    /** Validates the window and the limit and copies the types. */
    public KnowledgeQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("Search window 'to' " + to + " must be after 'from' " + from);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("Search limit must be positive, was " + limit);
        }
    }

    /**
     * Tells whether the query has a time window, which keeps episodes only (entities have no time of occurrence).
     *
     * @return {@code true} when {@code from} or {@code to} is set
     */
    public boolean windowed() {
        return from != null || to != null;
    }
}

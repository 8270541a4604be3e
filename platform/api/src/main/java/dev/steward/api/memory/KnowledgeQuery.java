package dev.steward.api.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A search of the knowledge bank: text, optionally narrowed by type, by when the episodes occurred and by the
 * metadata they were stored with.
 *
 * @param text what to look for, not blank
 * @param types episode kinds or entity types to keep ({@code null} or empty keeps all)
 * @param from keep episodes that occurred at or after this instant, or {@code null} for no lower bound
 * @param to keep episodes that occurred before this instant, or {@code null} for no upper bound
 * @param limit the most hits to return, positive
 * @param metadata metadata every hit must have been stored with, key to exact value ({@code null} or empty for no
 *        filter); a filter keeps episodes only (entities carry no episode metadata)
 */
public record KnowledgeQuery(String text, Set<String> types, Instant from, Instant to, int limit,
        Map<String, String> metadata) {

    /** Validates the window and the limit and copies the collections. */
    public KnowledgeQuery {
        types = types == null ? Set.of() : Set.copyOf(types);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("Search window 'to' " + to + " must be after 'from' " + from);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("Search limit must be positive, was " + limit);
        }
    }

    /**
     * A query without a metadata filter.
     *
     * @param text what to look for, not blank
     * @param types episode kinds or entity types to keep ({@code null} or empty keeps all)
     * @param from the window's start, or {@code null}
     * @param to the window's end, or {@code null}
     * @param limit the most hits to return, positive
     */
    public KnowledgeQuery(String text, Set<String> types, Instant from, Instant to, int limit) {
        this(text, types, from, to, limit, null);
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

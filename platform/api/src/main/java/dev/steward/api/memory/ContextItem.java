package dev.steward.api.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * One piece of material in a context bundle, with the id to cite it by.
 *
 * @param citation the id of the item it comes from (a working-context key as {@code flowId/key}, a turn, a summary,
 *        an episode, an entity or a fact), not blank
 * @param tier the tier it comes from
 * @param kind what it is: {@code working}, {@code summary}, {@code turn}, {@code episode}, {@code entity} or
 *        {@code fact}, not blank
 * @param text the text as given to the task, not {@code null}; cut to fit the budget when {@code truncated}
 * @param score how well it matched the task; higher is better (session and working items rank by recency)
 * @param at when it occurred or was recorded, or {@code null} for working-context entries
 * @param truncated whether the text was cut to fit the budget
 * @since 2.0
 */
public record ContextItem(String citation, MemoryTier tier, String kind, String text, double score, Instant at,
        boolean truncated) {

    /** Validates the fields. */
    public ContextItem {
        Objects.requireNonNull(citation, "citation");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (citation.isBlank() || kind.isBlank()) {
            throw new IllegalArgumentException("Context item citation and kind must not be blank");
        }
    }
}

package dev.steward.api.memory;

import java.util.Objects;

/**
 * One recalled item with how well it matched.
 *
 * @param item the item
 * @param score how well it matched; higher is better, finite
 */
public record RecallResult(MemoryItem item, double score) {

    /** Validates the fields. */
    public RecallResult {
        Objects.requireNonNull(item, "item");
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("Recall score must be finite, was " + score);
        }
    }
}

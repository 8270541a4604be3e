package dev.steward.api.memory;

import java.util.Objects;

/**
 * Where a memory item came from, so that it can be explained, trusted or forgotten.
 *
 * @param sourceType the kind of source, such as {@code agent}, {@code connector} or {@code user}, not blank
 * @param sourceId the id of the source, not blank
 * @param flowInstanceId the flow instance that produced it, or {@code null}
 * @param stepId the step that produced it, or {@code null}
 */
public record Provenance(String sourceType, String sourceId, String flowInstanceId, String stepId) {

    /** Validates the fields. */
    public Provenance {
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(sourceId, "sourceId");
        if (sourceType.isBlank() || sourceId.isBlank()) {
            throw new IllegalArgumentException("Provenance source type and source id must not be blank");
        }
    }
}

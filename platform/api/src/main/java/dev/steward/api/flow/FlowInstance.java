package dev.steward.api.flow;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One run of a flow definition, as last recorded in the journal.
 *
 * @param id the instance id, not blank
 * @param definitionId the id of the definition it runs, not blank
 * @param definitionVersion the version of the definition it runs, at least 1
 * @param status its current status
 * @param startedAt when it was started
 * @param updatedAt when it last changed, not before {@code startedAt}
 * @param input the input it was started with ({@code null} becomes empty); values may be {@code null}
 */
public record FlowInstance(
        String id,
        String definitionId,
        int definitionVersion,
        FlowStatus status,
        Instant startedAt,
        Instant updatedAt,
        Map<String, Object> input) {

    /** Validates the fields and copies the input. */
    public FlowInstance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(definitionId, "definitionId");
        if (id.isBlank() || definitionId.isBlank()) {
            throw new IllegalArgumentException("Flow instance id and definition id must not be blank");
        }
        if (definitionVersion < 1) {
            throw new IllegalArgumentException("Flow instance " + id
                    + " definition version must be at least 1, was " + definitionVersion);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (updatedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("Flow instance " + id + " was updated before it started");
        }
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input == null ? Map.of() : input));
    }
}

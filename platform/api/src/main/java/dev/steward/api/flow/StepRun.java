package dev.steward.api.flow;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A step of a flow instance as the journal recorded it: its outcome, attempts, the idempotency key it ran
 * with, its timing and its output.
 *
 * @param stepId the step's id in its definition
 * @param status the recorded outcome
 * @param attempts how many attempts it took
 * @param idempotencyKey the key handed to the agent on every attempt
 * @param startedAt when its first attempt started
 * @param finishedAt when it finished, {@code null} while it is WAITING
 * @param error why it failed, empty when it succeeded
 * @param output what it produced, empty when it failed
 */
public record StepRun(String stepId, StepStatus status, int attempts, String idempotencyKey, Instant startedAt,
        Instant finishedAt, String error, Map<String, Object> output) {

    /** Validates the fields and copies the output. */
    public StepRun {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        if (finishedAt == null && status != StepStatus.WAITING) {
            throw new IllegalArgumentException("Step run " + stepId + " is " + status + " and needs a finish time");
        }
        error = error == null ? "" : error;
        idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output == null ? Map.of() : output));
    }
}

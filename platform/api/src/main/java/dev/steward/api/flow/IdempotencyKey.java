package dev.steward.api.flow;

import java.util.Objects;

/**
 * The key that lets an agent or connector recognise a repeated request and do its work once.
 * It is the same for every retry of a step, so a retry after a crash or timeout cannot cause a
 * second external effect.
 *
 * @param value the key text, not blank
 */
public record IdempotencyKey(String value) {

    /** Validates the value. */
    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Idempotency key must not be blank");
        }
    }

    /**
     * Derives the key of a step in a flow instance as {@code flowInstanceId:stepId}. The attempt
     * number is deliberately not part of it, so retries share the key.
     *
     * @param flowInstanceId the flow instance id, not blank
     * @param stepId the step id, not blank and without {@code ':'}, which keeps keys unambiguous
     * @return the key
     */
    public static IdempotencyKey of(String flowInstanceId, String stepId) {
        Objects.requireNonNull(flowInstanceId, "flowInstanceId");
        Objects.requireNonNull(stepId, "stepId");
        if (flowInstanceId.isBlank() || stepId.isBlank()) {
            throw new IllegalArgumentException("Idempotency key needs a non-blank flow instance id and step id");
        }
        if (stepId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("Step id must not contain ':' in an idempotency key, was " + stepId);
        }
        return new IdempotencyKey(flowInstanceId + ':' + stepId);
    }

    @Override
    public String toString() {
        return value;
    }
}

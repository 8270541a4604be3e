package dev.steward.api.fabric;

import java.time.Instant;
import java.util.Objects;

/**
 * One outbound effect in the outbox, as the operator sees it.
 *
 * @param key the idempotency key it is delivered with, on every attempt ({@code <flow>:<step>#<n>})
 * @param capability the effect capability
 * @param flowId the flow whose step asked for it
 * @param stepId that step
 * @param status {@code PENDING} (to deliver, or waiting for its next attempt or for a connector),
 *     {@code DELIVERED}, {@code HELD} (a policy asks for the operator's release), {@code DENIED} (by a policy),
 *     {@code FAILED} (attempts exhausted or refused for good by the other side), {@code CANCELLED} (by the operator,
 *     or because its flow was rolled back before it was delivered); after a rollback of its flow, a delivered effect
 *     is {@code COMPENSATING} (to undo), {@code UNDOING}, {@code COMPENSATED}, {@code IRREVERSIBLE} (its connector
 *     cannot undo it) or {@code COMPENSATION_FAILED} (for the operator)
 * @param attempts how many deliveries were tried
 * @param lastError why the last attempt failed, or why it is held, denied or waits; empty when none
 * @param requestedAt when the step's result was journaled
 * @param deliveredAt when it was delivered, or {@code null}
 * @param externalId the id the other side gave it, or {@code null}
 * @since 1.1
 */
public record OutboxEntry(String key, String capability, String flowId, String stepId, String status, int attempts,
        String lastError, Instant requestedAt, Instant deliveredAt, String externalId) {

    /** Validates the fields. */
    public OutboxEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedAt, "requestedAt");
        lastError = lastError == null ? "" : lastError;
    }
}

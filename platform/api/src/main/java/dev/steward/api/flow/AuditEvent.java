package dev.steward.api.flow;

import java.time.Instant;
import java.util.Objects;

/**
 * One state change of a flow, stored with it: created, a step finished, waited, signalled, cancelled,
 * retried, rolled back, and so on.
 *
 * @param flowId the flow instance
 * @param at when it happened
 * @param type what happened, for example {@code STEP_SUCCEEDED}
 * @param stepId the step concerned, empty when the event is about the whole flow
 * @param actor who caused it: {@code kernel}, or the operator's user name
 * @param detail a short description, never a secret ({@code null} becomes empty)
 */
public record AuditEvent(String flowId, Instant at, String type, String stepId, String actor, String detail) {

    /** Validates the fields. */
    public AuditEvent {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        stepId = stepId == null ? "" : stepId;
        actor = actor == null || actor.isBlank() ? "kernel" : actor;
        detail = detail == null ? "" : detail;
    }
}

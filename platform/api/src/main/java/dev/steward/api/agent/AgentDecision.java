package dev.steward.api.agent;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call of an agent by a step, as the registry remembers it for the operator: where, how it ended, why, and what
 * it cost.
 *
 * @param flowInstanceId the calling flow
 * @param stepId the calling step
 * @param capability the capability asked for
 * @param succeeded whether the agent answered
 * @param rationale the agent's rationale, or the failure when it did not answer (never {@code null})
 * @param confidence the agent's stated confidence, or {@code null} when it did not answer
 * @param costUsd what the call cost, not {@code null}
 * @param latency how long the call took, retries included
 * @param at when it ended
 * @since 1.1
 */
public record AgentDecision(String flowInstanceId, String stepId, String capability, boolean succeeded,
        String rationale, Double confidence, BigDecimal costUsd, Duration latency, Instant at) {

    /** Validates the fields. */
    public AgentDecision {
        Objects.requireNonNull(flowInstanceId, "flowInstanceId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(at, "at");
    }
}

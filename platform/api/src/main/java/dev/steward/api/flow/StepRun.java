package dev.steward.api.flow;

import java.math.BigDecimal;
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
 * @param agent the agent that ran it, as {@code id@version}; empty for waits and steps that did not run
 * @param costUsd what it cost in US dollars, as its agent stated; zero when it stated none
 * @param rationale why the agent answered as it did, empty when it gave no reason
 * @param confidence how sure the agent was, from 0 to 1, or {@code null} when it did not run
 */
public record StepRun(String stepId, StepStatus status, int attempts, String idempotencyKey, Instant startedAt,
        Instant finishedAt, String error, Map<String, Object> output, String agent, BigDecimal costUsd,
        String rationale, Double confidence) {

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
        agent = agent == null ? "" : agent;
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        rationale = rationale == null ? "" : rationale;
    }

    /**
     * A step run without agent, cost or rationale (as API 1.1 recorded it).
     *
     * @param stepId the step's id
     * @param status the recorded outcome
     * @param attempts how many attempts it took
     * @param idempotencyKey the key handed to the agent
     * @param startedAt when its first attempt started
     * @param finishedAt when it finished, {@code null} while WAITING
     * @param error why it failed
     * @param output what it produced
     */
    public StepRun(String stepId, StepStatus status, int attempts, String idempotencyKey, Instant startedAt,
            Instant finishedAt, String error, Map<String, Object> output) {
        this(stepId, status, attempts, idempotencyKey, startedAt, finishedAt, error, output, null, null, null, null);
    }
}

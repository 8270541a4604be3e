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
 * @param finishedAt when it finished, {@code null} while it is PENDING, RUNNING or WAITING
 * @param error why it failed, empty when it succeeded
 * @param output what it produced, empty when it failed
 * @param agent the agent that ran it, as {@code id@version}; empty for waits and steps that did not run
 * @param costUsd what it cost in US dollars, as its agent stated; zero when it stated none
 * @param rationale why the agent answered as it did, empty when it gave no reason
 * @param confidence how sure the agent was, from 0 to 1, or {@code null} when it did not run
 * @param waitingFor what a parked step waits for, such as {@code capability lead.qualify} or
 *        {@code agent lead-qualifier@1.0.0}; empty when it waits for nothing ({@code null} becomes empty; since 1.4)
 */
public record StepRun(String stepId, StepStatus status, int attempts, String idempotencyKey, Instant startedAt,
        Instant finishedAt, String error, Map<String, Object> output, String agent, BigDecimal costUsd,
        String rationale, Double confidence, String waitingFor) {

    /** Validates the fields and copies the output. */
    public StepRun {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        if (finishedAt == null && status != StepStatus.WAITING && status != StepStatus.PENDING
                && status != StepStatus.RUNNING) {
            throw new IllegalArgumentException("Step run " + stepId + " is " + status + " and needs a finish time");
        }
        error = error == null ? "" : error;
        idempotencyKey = idempotencyKey == null ? "" : idempotencyKey;
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output == null ? Map.of() : output));
        agent = agent == null ? "" : agent;
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        rationale = rationale == null ? "" : rationale;
        waitingFor = waitingFor == null ? "" : waitingFor;
    }

    /**
     * A step run that waits for nothing (as API 1.3 recorded it).
     *
     * @param stepId the step's id
     * @param status the recorded outcome
     * @param attempts how many attempts it took
     * @param idempotencyKey the key handed to the agent
     * @param startedAt when its first attempt started
     * @param finishedAt when it finished, {@code null} while PENDING, RUNNING or WAITING
     * @param error why it failed
     * @param output what it produced
     * @param agent the agent that ran it, as {@code id@version}
     * @param costUsd what it cost
     * @param rationale why the agent answered as it did
     * @param confidence how sure the agent was
     */
    public StepRun(String stepId, StepStatus status, int attempts, String idempotencyKey, Instant startedAt,
            Instant finishedAt, String error, Map<String, Object> output, String agent, BigDecimal costUsd,
            String rationale, Double confidence) {
        this(stepId, status, attempts, idempotencyKey, startedAt, finishedAt, error, output, agent, costUsd, rationale,
                confidence, null);
    }

    /**
     * The same step, parked: it waits for a capability or a pinned agent version.
     *
     * @param what what it waits for, such as {@code capability lead.qualify}
     * @return the step, PENDING, waiting for {@code what}
     * @since 1.4
     */
    public StepRun parked(String what) {
        return new StepRun(stepId, StepStatus.PENDING, attempts, idempotencyKey, startedAt, null, error, output, agent,
                costUsd, rationale, confidence, what);
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
        this(stepId, status, attempts, idempotencyKey, startedAt, finishedAt, error, output, null, null, null, null, null);
    }
}

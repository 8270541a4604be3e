package dev.steward.api.policy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a policy is asked to judge: a step about to run, a memory about to be written, or an
 * effect about to leave Steward.
 *
 * @param kind what sort of action it is
 * @param flowInstanceId the flow instance it belongs to, or {@code null} outside a flow
 * @param stepId the step it belongs to, or {@code null} outside a flow
 * @param capability the capability it uses, not blank
 * @param payload the data it would use or send ({@code null} becomes empty); values may be {@code null}
 * @param estimatedCostUsd its estimated cost in US dollars, not negative ({@code null} becomes zero)
 * @param definitionId the flow definition it belongs to, or {@code null} outside a flow
 * @param agentId the agent (or connector) that would do it, or {@code null} when not known
 * @param confidence the lowest confidence the agents stated for the steps it depends on, from 0 to 1, or
 *     {@code null} when none stated one
 * @param flowCommittedUsd what the flow has committed besides this subject: what its finished steps cost, as
 *     journaled, and the estimates of its other steps judged and not finished ({@code null} becomes zero; zero outside
 *     a flow); a flow's budget is checked against it
 */
public record PolicySubject(
        Kind kind,
        String flowInstanceId,
        String stepId,
        String capability,
        Map<String, Object> payload,
        BigDecimal estimatedCostUsd,
        String definitionId,
        String agentId,
        Double confidence,
        BigDecimal flowCommittedUsd) {

    /** The sort of action under review. */
    public enum Kind {
        /** A flow step about to run. */
        STEP,
        /** An item about to be written to memory. */
        MEMORY_WRITE,
        /** An effect about to be delivered by a connector. */
        OUTBOUND_EFFECT
    }

    /** Validates the fields and copies the payload. */
    public PolicySubject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(capability, "capability");
        if (capability.isBlank()) {
            throw new IllegalArgumentException("Policy subject capability must not be blank");
        }
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload == null ? Map.of() : payload));
        estimatedCostUsd = estimatedCostUsd == null ? BigDecimal.ZERO : estimatedCostUsd;
        if (estimatedCostUsd.signum() < 0) {
            throw new IllegalArgumentException("Estimated cost must not be negative, was " + estimatedCostUsd);
        }
        if (confidence != null && !(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("Confidence must be between 0 and 1, was " + confidence);
        }
        flowCommittedUsd = flowCommittedUsd == null ? BigDecimal.ZERO : flowCommittedUsd;
        if (flowCommittedUsd.signum() < 0) {
            throw new IllegalArgumentException("Flow commitment must not be negative, was " + flowCommittedUsd);
        }
    }

    /**
     * A subject without the flow's commitment (as policies saw it in API 1.1).
     *
     * @param kind what sort of action it is
     * @param flowInstanceId the flow instance, or {@code null}
     * @param stepId the step, or {@code null}
     * @param capability the capability it uses
     * @param payload the data it would use or send
     * @param estimatedCostUsd its estimated cost in US dollars
     * @param definitionId the flow definition, or {@code null}
     * @param agentId the agent that would do it, or {@code null}
     * @param confidence the lowest upstream confidence, or {@code null}
     */
    public PolicySubject(Kind kind, String flowInstanceId, String stepId, String capability, Map<String, Object> payload,
            BigDecimal estimatedCostUsd, String definitionId, String agentId, Double confidence) {
        this(kind, flowInstanceId, stepId, capability, payload, estimatedCostUsd, definitionId, agentId, confidence, null);
    }

    /**
     * A subject without definition, agent or confidence (as policies saw it in API 1.0).
     *
     * @param kind what sort of action it is
     * @param flowInstanceId the flow instance, or {@code null}
     * @param stepId the step, or {@code null}
     * @param capability the capability it uses
     * @param payload the data it would use or send
     * @param estimatedCostUsd its estimated cost in US dollars
     */
    public PolicySubject(Kind kind, String flowInstanceId, String stepId, String capability, Map<String, Object> payload,
            BigDecimal estimatedCostUsd) {
        this(kind, flowInstanceId, stepId, capability, payload, estimatedCostUsd, null, null, null, null);
    }

    /**
     * The key that names this subject across evaluation and settlement: flow and step, or the capability alone
     * outside a flow.
     *
     * @return {@code <flowInstanceId>/<stepId>}, or the capability when there is no flow
     */
    public String key() {
        return flowInstanceId == null ? capability : flowInstanceId + "/" + stepId;
    }
}

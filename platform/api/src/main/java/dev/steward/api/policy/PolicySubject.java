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
 */
public record PolicySubject(
        Kind kind,
        String flowInstanceId,
        String stepId,
        String capability,
        Map<String, Object> payload,
        BigDecimal estimatedCostUsd) {

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
    }
}

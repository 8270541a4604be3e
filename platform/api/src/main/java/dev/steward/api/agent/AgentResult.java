package dev.steward.api.agent;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.steward.api.connector.EffectRequest;

/**
 * What an agent answered, with why and how sure it is, what the call cost, and the outbound effects it asks for.
 *
 * @param output the output, matching the agent's output schema ({@code null} becomes empty)
 * @param rationale a short explanation for the journal and reviewers ({@code null} becomes empty)
 * @param confidence how sure the agent is, from 0 to 1
 * @param costUsd what the call cost in US dollars, not negative ({@code null} becomes zero)
 * @param effects the outbound effects to deliver once the step's result is journaled ({@code null} becomes empty):
 *     recorded in the outbox in the same transaction as the result, so a crash neither loses nor invents one
 *     (since 1.2)
 */
public record AgentResult(Map<String, Object> output, String rationale, double confidence, BigDecimal costUsd,
        List<EffectRequest> effects) {

    /** Validates the fields and copies the output and effects. */
    public AgentResult {
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output == null ? Map.of() : output));
        rationale = rationale == null ? "" : rationale;
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("Agent confidence must be between 0 and 1, was " + confidence);
        }
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("Agent cost must not be negative, was " + costUsd);
        }
        effects = effects == null ? List.of() : List.copyOf(effects);
        effects.forEach(e -> Objects.requireNonNull(e, "effect"));
    }

    /**
     * A result without outbound effects (as in API 1.1).
     *
     * @param output the output ({@code null} becomes empty)
     * @param rationale the rationale ({@code null} becomes empty)
     * @param confidence how sure the agent is, from 0 to 1
     * @param costUsd what the call cost ({@code null} becomes zero)
     */
    public AgentResult(Map<String, Object> output, String rationale, double confidence, BigDecimal costUsd) {
        this(output, rationale, confidence, costUsd, List.of());
    }
}

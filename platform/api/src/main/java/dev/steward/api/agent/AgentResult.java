package dev.steward.api.agent;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an agent answered, with why and how sure it is, and what the call cost.
 *
 * @param output the output, matching the agent's output schema ({@code null} becomes empty)
 * @param rationale a short explanation for the journal and reviewers ({@code null} becomes empty)
 * @param confidence how sure the agent is, from 0 to 1
 * @param costUsd what the call cost in US dollars, not negative ({@code null} becomes zero)
 */
public record AgentResult(Map<String, Object> output, String rationale, double confidence, BigDecimal costUsd) {

    /** Validates the fields and copies the output. */
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
    }
}

package dev.steward.api.agent;

import dev.steward.api.flow.IdempotencyKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call of an agent by a flow step.
 *
 * @param capability the capability asked for, one the agent serves
 * @param input the input, matching the agent's input schema ({@code null} becomes empty)
 * @param key the idempotency key, the same for every retry of the step
 * @param flowInstanceId the calling flow instance, not blank
 * @param stepId the calling step, not blank
 */
public record AgentRequest(
        String capability, Map<String, Object> input, IdempotencyKey key, String flowInstanceId, String stepId) {

    /** Validates the fields and copies the input. */
    public AgentRequest {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(flowInstanceId, "flowInstanceId");
        Objects.requireNonNull(stepId, "stepId");
        if (capability.isBlank() || flowInstanceId.isBlank() || stepId.isBlank()) {
            throw new IllegalArgumentException("Agent request capability, flow instance id and step id must not be blank");
        }
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input == null ? Map.of() : input));
    }
}

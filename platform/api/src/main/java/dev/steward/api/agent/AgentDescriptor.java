package dev.steward.api.agent;

import java.util.List;
import java.util.Objects;

/**
 * What an agent is and offers: the capabilities it serves, the JSON Schemas of its input and
 * output, how costly it is, and whether its work can be undone.
 *
 * @param id the agent id, not blank
 * @param version the agent version, not blank
 * @param capabilities the capabilities it serves, at least one
 * @param inputSchema the JSON Schema of its input, as text ({@code null} becomes {@code {}}, any input)
 * @param outputSchema the JSON Schema of its output, as text ({@code null} becomes {@code {}})
 * @param costClass how costly one call is
 * @param reversible whether its work has no lasting effect or can be undone
 */
public record AgentDescriptor(
        String id,
        String version,
        List<String> capabilities,
        String inputSchema,
        String outputSchema,
        CostClass costClass,
        boolean reversible) {

    /** How costly one call of an agent is, used by policies and routing. */
    public enum CostClass {
        /** Cheap: local or rule-based work. */
        LOW,
        /** Moderate: a standard model call. */
        MEDIUM,
        /** Costly: premium models or many calls. */
        HIGH
    }

    /** Validates the fields and copies the capabilities. */
    public AgentDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        if (id.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("Agent id and version must not be blank");
        }
        capabilities = List.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
        if (capabilities.isEmpty() || capabilities.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("Agent '" + id + "' needs at least one capability, none blank");
        }
        inputSchema = inputSchema == null ? "{}" : inputSchema;
        outputSchema = outputSchema == null ? "{}" : outputSchema;
        Objects.requireNonNull(costClass, "costClass");
    }
}

package dev.steward.api.model;

import java.util.Objects;

/**
 * A tool a model may call in its answer: a name, what it does, and the JSON Schema of its arguments.
 *
 * @param name the tool name, letters, digits, {@code _} and {@code -}, 1 to 64 characters
 * @param description what the tool does, for the model, not {@code null}
 * @param parametersSchema the JSON Schema of the arguments object, as text, not blank
 * @since 1.1
 */
public record ToolSpec(String name, String description, String parametersSchema) {

    /** Validates the fields. */
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("Tool name must be 1 to 64 letters, digits, _ or -, was '" + name + "'");
        }
        if (parametersSchema.isBlank()) {
            throw new IllegalArgumentException("Tool '" + name + "' needs a parameters schema");
        }
    }
}

package dev.steward.api.model;

import java.util.Objects;

/**
 * A model's call of a tool, as it asked for it.
 *
 * @param id the call id the model gave, quoted back in the tool's answer, not blank
 * @param name the tool called, not blank
 * @param arguments the arguments, a JSON object as text, not {@code null}
 * @since 1.1
 */
public record ToolCall(String id, String name, String arguments) {

    /** Validates the fields. */
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        if (id.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("Tool call id and name must not be blank");
        }
    }
}

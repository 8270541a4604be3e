package dev.steward.api.flow;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field a flow expects in its input: its name, its JSON type and whether it is required. A flow
 * started with input that does not match is refused with an {@link InvalidFlowInputException}.
 *
 * @param name the field name: letters, digits, {@code _ -}, starting with a letter
 * @param type the JSON type the value must have
 * @param required whether the field must be present and not {@code null}
 * @param description what the field is for ({@code null} becomes empty)
 */
public record FlowInput(String name, Type type, boolean required, String description) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** The JSON types a field may declare. */
    public enum Type {
        /** A JSON string. */
        STRING,
        /** A JSON number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A JSON object. */
        OBJECT,
        /** A JSON array. */
        ARRAY,
        /** Any value. */
        ANY;

        /**
         * Tells whether a value decoded from JSON has this type.
         *
         * @param value the value, not {@code null}
         * @return {@code true} when it matches
         */
        public boolean accepts(Object value) {
            return switch (this) {
                case STRING -> value instanceof CharSequence;
                case NUMBER -> value instanceof Number;
                case BOOLEAN -> value instanceof Boolean;
                case OBJECT -> value instanceof Map;
                case ARRAY -> value instanceof List || value instanceof Object[];
                case ANY -> true;
            };
        }
    }

    /** Validates the fields. */
    public FlowInput {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Input field name '" + name
                    + "' must start with a letter and contain only letters, digits, '_' or '-'");
        }
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
    }

    /**
     * Checks one value against this field.
     *
     * @param input the whole flow input
     * @throws InvalidFlowInputException when the field is missing but required, or has another type
     */
    public void check(Map<String, Object> input) {
        Object value = input.get(name);
        if (value == null) {
            if (required) {
                throw new InvalidFlowInputException(name, "is required");
            }
            return;
        }
        if (!type.accepts(value)) {
            throw new InvalidFlowInputException(name, "must be of type " + type.name().toLowerCase()
                    + ", was " + describe(value));
        }
    }

    private static String describe(Object value) {
        return value instanceof CharSequence ? "string"
                : value instanceof Number ? "number"
                : value instanceof Boolean ? "boolean"
                : value instanceof Map ? "object"
                : value instanceof List ? "array"
                : value.getClass().getSimpleName();
    }
}

package dev.steward.kernel.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.flow.InvalidFlowInputException;

/**
 * Checks a step's input against its agent's input schema before an operator's edits let it run: the top level of
 * a JSON Schema object, {@code required}, each property's {@code type} and {@code enum}, and
 * {@code additionalProperties: false}. Deeper keywords are left to the agent. (A full JSON Schema library needs a
 * newer Jackson than the platform's: see docs/architecture.md, Known issues.)
 */
final class InputSchema {

    private InputSchema() {
    }

    /** Throws {@link InvalidFlowInputException} naming the first field at fault; an empty or unreadable schema accepts all. */
    static void check(String schemaText, Map<String, Object> input) {
        Map<String, Object> schema = Json.read(schemaText);
        if (schema.get("required") instanceof List<?> required) {
            for (Object field : required) {
                if (input.get(String.valueOf(field)) == null) {
                    throw new InvalidFlowInputException(String.valueOf(field), "is required by the agent's input schema");
                }
            }
        }
        Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> p ? p : Map.of();
        for (Map.Entry<String, Object> e : input.entrySet()) {
            Object declared = properties.get(e.getKey());
            if (declared == null) {
                if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                    throw new InvalidFlowInputException(e.getKey(), "is not in the agent's input schema");
                }
                continue;
            }
            if (declared instanceof Map<?, ?> property) {
                problem(property, e.getValue()).ifPresent(p -> {
                    throw new InvalidFlowInputException(e.getKey(), p);
                });
            }
        }
    }

    private static Optional<String> problem(Map<?, ?> property, Object value) {
        if (property.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            return Optional.of("must be one of " + allowed + ", was " + value);
        }
        Object type = property.get("type");
        List<?> types = type instanceof List<?> l ? l : type == null ? List.of() : List.of(type);
        if (types.isEmpty() || types.stream().anyMatch(t -> is(String.valueOf(t), value))) {
            return Optional.empty();
        }
        return Optional.of("must be of type " + (types.size() == 1 ? types.get(0) : types) + ", was "
                + (value == null ? "null" : value instanceof String ? "the text '" + value + "'" : value));
    }

    private static boolean is(String type, Object value) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long
                    || value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
            case "boolean" -> value instanceof Boolean;
            case "object" -> value instanceof Map;
            case "array" -> value instanceof List;
            case "null" -> value == null;
            default -> true;
        };
    }
}

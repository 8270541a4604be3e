package dev.steward.model.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a model's JSON answer against the shape the request's JSON Schema asked for: {@code type} (one or several),
 * {@code required}, {@code properties}, {@code additionalProperties: false}, {@code items} and {@code enum}, at every
 * depth. Other keywords are not checked. (A full JSON Schema library needs a newer Jackson than the platform's: see
 * docs/architecture.md, Known issues.) Strict structured output makes an endpoint follow the schema; this catches the
 * ones that do not.
 */
final class AnswerShape {

    private AnswerShape() {
    }

    /** What in the answer does not fit the schema, with its JSON path, or empty when it fits. */
    static Optional<String> problem(JsonNode schema, JsonNode answer) {
        return problem(schema, answer, "$");
    }

    private static Optional<String> problem(JsonNode schema, JsonNode value, String path) {
        if (schema == null || !schema.isObject()) {
            return Optional.empty();
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeFits(type, value)) {
            return Optional.of(path + " is " + kind(value) + ", not " + (type.isArray() ? type.toString() : type.asText()));
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
            return Optional.of(path + " is not one of " + allowed);
        }
        if (value.isObject()) {
            return objectProblem(schema, value, path);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                Optional<String> p = problem(schema.get("items"), value.get(i), path + "[" + i + "]");
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> objectProblem(JsonNode schema, JsonNode value, String path) {
        for (JsonNode field : schema.path("required")) {
            if (!value.has(field.asText())) {
                return Optional.of(path + "." + field.asText() + " is required and missing");
            }
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode declared = properties.get(field.getKey());
            if (declared == null && schema.path("additionalProperties").isBoolean()
                    && !schema.get("additionalProperties").asBoolean()) {
                return Optional.of(path + "." + field.getKey() + " is not in the schema");
            }
            Optional<String> p = problem(declared, field.getValue(), path + "." + field.getKey());
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (fits(t.asText(), value)) {
                    return true;
                }
            }
            return false;
        }
        return fits(type.asText(), value);
    }

    private static boolean fits(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode a : allowed) {
            if (a.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(JsonNode value) {
        return value.isObject() ? "an object" : value.isArray() ? "an array" : value.isTextual() ? "a string"
                : value.isNumber() ? "a number" : value.isBoolean() ? "a boolean" : "null";
    }
}

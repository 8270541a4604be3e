package dev.steward.orchestration.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The parts of an agent's JSON Schema a plan is checked against: {@code required}, {@code properties} and their
 * {@code type}, and {@code additionalProperties: false}, at any depth of nested objects. A plan wires fields
 * together rather than giving values, so a schema library's validation of values would not answer what is asked
 * here.
 */
final class SchemaView {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonNode schema;

    private SchemaView(JsonNode schema) {
        this.schema = schema;
    }

    /** Reads a schema's text; a schema that is not a JSON object says nothing (any value). */
    static SchemaView parse(String text) {
        try {
            JsonNode node = text == null ? null : MAPPER.readTree(text);
            return new SchemaView(node != null && node.isObject() ? node : MissingNode.getInstance());
        } catch (Exception e) {
            return new SchemaView(MissingNode.getInstance());
        }
    }

    /** Whether the schema lists its properties, so that a field it does not list is known to be absent. */
    boolean declaresProperties() {
        return schema.path("properties").isObject();
    }

    /** Whether fields other than its properties are refused. */
    boolean closed() {
        JsonNode additional = schema.path("additionalProperties");
        return additional.isBoolean() && !additional.asBoolean();
    }

    List<String> required() {
        List<String> names = new ArrayList<>();
        schema.path("required").forEach(n -> names.add(n.asText()));
        return names;
    }

    Set<String> propertyNames() {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    /** The sub-schema of a property, or empty when the schema does not list it. */
    Optional<SchemaView> property(String name) {
        JsonNode property = schema.path("properties").path(name);
        return property.isObject() ? Optional.of(new SchemaView(property)) : Optional.empty();
    }

    /** The JSON types the schema allows; empty for any. */
    Set<String> types() {
        JsonNode type = schema.path("type");
        Set<String> types = new TreeSet<>();
        if (type.isTextual()) {
            types.add(type.asText());
        } else {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    /** The JSON type of a value decoded from JSON or given in a goal's context. */
    static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 ? "integer" : "number";
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? "integer" : "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List || value instanceof Object[]) {
            return "array";
        }
        return "string";
    }

    /**
     * Whether a value of one of the source types fits a field of one of the target types; an integer is a number,
     * and no type on either side means any.
     */
    static boolean fits(Set<String> source, Set<String> target) {
        if (source.isEmpty() || target.isEmpty()) {
            return true;
        }
        for (String type : source) {
            if (target.contains(type) || type.equals("integer") && target.contains("number")) {
                return true;
            }
        }
        return false;
    }
}

package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.KnowledgeBank;

/**
 * A mention of an entity as a client sends it, {@code {type, name, email, attributes, source}}, resolved to the
 * entity it refers to (created when there is none), so that clients get the ids facts and mentions need.
 */
final class EntityBody {

    private static final Set<String> FIELDS = Set.of("type", "name", "email", "attributes", "source");

    private EntityBody() {
    }

    static Entity resolve(JsonNode body, Caller caller, KnowledgeBank bank) {
        RequestFields fields = new RequestFields(body, FIELDS);
        String type = fields.requiredText("type", "the entity type, such as person");
        String name = fields.requiredText("name", "the entity's name as written");
        String email = fields.text("email", null);
        Map<String, String> attributes = labels(fields.node("attributes"));
        var provenance = fields.provenance("source", caller);
        return MemoryResource.refused(() -> bank.resolveEntity(type, name, email, attributes, provenance));
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node == null) {
            return labels;
        }
        if (!node.isObject()) {
            throw new ApiError(400, "attributes must be a JSON object of string labels", "attributes");
        }
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            if (!label.getValue().isTextual()) {
                throw new ApiError(400, "attributes '" + label.getKey() + "' must be a string",
                        "attributes." + label.getKey());
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }
}

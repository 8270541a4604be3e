package dev.steward.rest.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;

/**
 * An episode as a client sends it: {@code {text, source, occurredAt, metadata, kind, mentions}}, read strictly
 * (unknown fields, non-string metadata values and bad dates are 400s naming the field).
 *
 * @param kind the episode kind
 * @param text the text
 * @param occurredAt when it happened
 * @param metadata its free string labels
 * @param provenance where it came from
 * @param mentions the ids of the entities it mentions
 */
record EpisodeBody(String kind, String text, Instant occurredAt, Map<String, String> metadata, Provenance provenance,
        List<String> mentions) {

    static final String DEFAULT_KIND = "note";
    private static final Set<String> FIELDS = Set.of("text", "source", "occurredAt", "metadata", "kind", "mentions");

    static EpisodeBody read(JsonNode body, Caller caller, Clock clock) {
        RequestFields fields = new RequestFields(body, FIELDS);
        String text = fields.requiredText("text", "the episode's text");
        if (text.length() > KnowledgeBank.MAX_EPISODE_TEXT) {
            throw new ApiError(400, "text is " + text.length() + " characters; the limit is "
                    + KnowledgeBank.MAX_EPISODE_TEXT, "text");
        }
        return new EpisodeBody(fields.text("kind", DEFAULT_KIND), text, fields.instant("occurredAt", clock.instant()),
                metadata(fields.node("metadata")), fields.provenance("source", caller), mentions(fields.node("mentions")));
    }

    Episode recordIn(KnowledgeBank bank) {
        return bank.recordEpisode(kind, text, occurredAt, metadata, provenance, mentions);
    }

    static Map<String, String> metadata(JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ApiError(400, "metadata must be a JSON object of string labels", "metadata");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> label : node.properties()) {
            if (!label.getValue().isTextual()) {
                throw new ApiError(400, "metadata '" + label.getKey() + "' must be a string", "metadata." + label.getKey());
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    private static List<String> mentions(JsonNode node) {
        return RequestFields.texts(node, "mentions", "entity ids");
    }
}

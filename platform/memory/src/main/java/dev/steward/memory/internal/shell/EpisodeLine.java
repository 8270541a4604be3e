package dev.steward.memory.internal.shell;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;

/**
 * One line of a JSON-lines file of episodes, {@code {text, source, occurredAt, metadata, kind, mentions}} as
 * {@code POST /memory/episodes} takes them. Error messages never repeat the line's content: the file may not be
 * what the operator meant to read.
 */
final class EpisodeLine {

    private static final Set<String> FIELDS = Set.of("text", "source", "occurredAt", "metadata", "kind", "mentions");

    private final ObjectMapper mapper;
    private final Provenance fallback;

    EpisodeLine(ObjectMapper mapper, Provenance fallback) {
        this.mapper = mapper;
        this.fallback = fallback;
    }

    Episode record(String line, KnowledgeBank bank) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (column " + e.getLocation().getColumnNr() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (expected " + FIELDS.stream().sorted().toList() + ")");
            }
        }
        String text = text(node, "text");
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
        String kind = text(node, "kind");
        Instant at = ShellInput.instant(text(node, "occurredAt"), "occurredAt");
        String source = text(node, "source");
        return bank.recordEpisode(kind == null ? "note" : kind, text, at == null ? Instant.now() : at, metadata(node),
                source == null ? fallback : ShellInput.provenance(source, null), mentions(node));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }

    private static Map<String, String> metadata(JsonNode node) {
        JsonNode m = node.get("metadata");
        Map<String, String> labels = new LinkedHashMap<>();
        if (m == null || m.isNull()) {
            return labels;
        }
        if (!m.isObject()) {
            throw new IllegalArgumentException("metadata must be a JSON object of string labels");
        }
        for (Map.Entry<String, JsonNode> label : m.properties()) {
            if (!label.getValue().isTextual()) {
                throw new IllegalArgumentException("metadata '" + label.getKey() + "' must be a string");
            }
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    private static List<String> mentions(JsonNode node) {
        JsonNode m = node.get("mentions");
        List<String> ids = new ArrayList<>();
        if (m == null || m.isNull()) {
            return ids;
        }
        if (!m.isArray()) {
            throw new IllegalArgumentException("mentions must be a JSON array of entity ids");
        }
        for (JsonNode id : m) {
            if (!id.isTextual()) {
                throw new IllegalArgumentException("mentions must hold entity ids (strings)");
            }
            ids.add(id.asText());
        }
        return ids;
    }
}

package dev.steward.connector.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads a whole JSON text: an object is one record, an array of objects one record per element. Anything else
 * (malformed JSON, trailing content, a repeated field, an element that is not an object) is refused with where it is.
 */
final class JsonRecords {

    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private JsonRecords() {
    }

    static List<Map<String, Object>> read(String text) throws RefusedFile {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RefusedFile("malformed JSON: " + e.getOriginalMessage(), e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (json == null || json.isMissingNode()) {
            throw new RefusedFile("the file holds no JSON", "");
        }
        if (json.isObject()) {
            return List.of(JSON.convertValue(json, OBJECT));
        }
        if (!json.isArray()) {
            throw new RefusedFile("the file must hold a JSON object or an array of objects, not a " + kind(json), "");
        }
        if (json.isEmpty()) {
            throw new RefusedFile("the array holds no record", "");
        }
        List<Map<String, Object>> records = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonNode element = json.get(i);
            if (!element.isObject()) {
                throw new RefusedFile("element " + (i + 1) + " of the array is a " + kind(element) + ", not an object",
                        "element " + (i + 1));
            }
            records.add(JSON.convertValue(element, OBJECT));
        }
        return records;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}

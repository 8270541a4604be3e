package dev.steward.kernel.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Step inputs and outputs are kept in the journal as JSON text: Neo4j properties cannot hold maps. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> read(Object text) {
        return parse(text, MAP, Map.of());
    }

    /** A list of objects kept as JSON text (the policy decisions of a step, say); empty for none. */
    static List<Map<String, Object>> readList(Object text) {
        return parse(text, LIST, List.of());
    }

    private static <T> T parse(Object text, TypeReference<? extends T> type, T empty) {
        if (text == null || text.toString().isEmpty()) {
            return empty;
        }
        try {
            return MAPPER.readValue(text.toString(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}

package dev.steward.fabric.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns message headers into the JSON kept with a dead letter, leaving out every header that may hold a secret. */
final class SafeHeaders {

    private static final List<String> SECRET_WORDS =
            List.of("authorization", "password", "passwd", "token", "secret", "key", "cookie", "credential");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeHeaders() {
    }

    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    /** Keeps strings, numbers and booleans as they are; other values as their text. */
    static Map<String, Object> kept(Map<String, Object> headers) {
        Map<String, Object> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value != null && !isSecret(name)) {
                kept.put(name, value instanceof String || value instanceof Number || value instanceof Boolean
                        ? value : value.toString());
            }
        });
        return kept;
    }

    static String toJson(Map<String, Object> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Headers could not be written as JSON", e);
        }
    }

    static Map<String, Object> fromJson(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored headers are not valid JSON", e);
        }
    }
}

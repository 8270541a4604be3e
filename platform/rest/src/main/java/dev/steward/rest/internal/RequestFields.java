package dev.steward.rest.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.Provenance;

/** Reads the fields of a JSON request body, answering 400 naming the field when one is wrong. */
final class RequestFields {

    private final JsonNode body;

    RequestFields(JsonNode body, Set<String> allowed) {
        this.body = body;
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ApiError(400, "unknown field '" + name + "' (expected " + allowed.stream().sorted().toList() + ")",
                        name);
            }
        }
    }

    /** A field's node, or {@code null} when it is absent or JSON null. */
    JsonNode node(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    String text(String field, String fallback) {
        JsonNode node = node(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new ApiError(400, field + " must be a string", field);
        }
        return node.asText();
    }

    String requiredText(String field, String what) {
        String text = text(field, null);
        if (text == null || text.isBlank()) {
            throw new ApiError(400, field + " is required: " + what, field);
        }
        return text;
    }

    Instant instant(String field, Instant fallback) {
        String text = text(field, null);
        return text == null ? fallback : instant(text, field);
    }

    /**
     * An ISO-8601 instant with a zone ({@code 2026-01-02T03:04:05Z}, {@code 2026-01-02T04:04:05+01:00}) or a date
     * ({@code 2026-01-02}, midnight UTC).
     *
     * @param text the text
     * @param field the field or parameter it came from
     * @return the instant
     * @throws ApiError 400 when it is neither
     */
    static Instant instant(String text, String field) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException alsoNot) {
                throw new ApiError(400, field + " '" + text + "' is not an ISO-8601 instant with a zone, such as "
                        + "2026-01-02T03:04:05Z, or a date such as 2026-01-02", field);
            }
        }
    }

    /**
     * Where a write came from: {@code "type:id"} (such as {@code connector:mail}), a bare id (of the source type
     * {@code client}), or, when absent, the calling user.
     */
    Provenance provenance(String field, Caller caller) {
        String source = text(field, null);
        if (source == null) {
            return new Provenance("user", caller.name(), null, null);
        }
        source = source.strip();
        int colon = source.indexOf(':');
        if (source.isEmpty() || colon == 0 || colon == source.length() - 1) {
            throw new ApiError(400, field + " '" + source + "' must be a source id or type:id", field);
        }
        return colon < 0 ? new Provenance("client", source, null, null)
                : new Provenance(source.substring(0, colon), source.substring(colon + 1), null, null);
    }

    /**
     * A JSON array of non-blank strings, or empty when the field is absent; anything else is a 400 naming the field.
     *
     * @param node the field's node, or {@code null}
     * @param field the field's name
     * @param what what the strings are, for the error
     */
    static List<String> texts(JsonNode node, String field, String what) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ApiError(400, field + " must be a JSON array of " + what, field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new ApiError(400, field + " must hold " + what + " (strings)", field);
            }
            out.add(item.asText());
        }
        return out;
    }
}

package dev.steward.api.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A piece of raw text the knowledge bank was given: an e-mail, a note, a transcript turn.
 *
 * @param id the episode id, not blank
 * @param kind what sort of text it is, such as {@code email} or {@code note}, not blank
 * @param text the text, not blank
 * @param occurredAt when it happened in the world
 * @param metadata free labels it was stored with ({@code null} becomes empty)
 * @param provenance where it came from
 */
public record Episode(String id, String kind, String text, Instant occurredAt, Map<String, String> metadata,
        Provenance provenance) {

    /** Validates the fields and copies the metadata. */
    public Episode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (id.isBlank() || kind.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("Episode id, kind and text must not be blank");
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(provenance, "provenance");
    }
}

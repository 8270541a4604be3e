package dev.steward.api.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a session: what a speaker said or did, in order.
 *
 * @param id the turn id, not blank
 * @param sessionId the session it belongs to, not blank
 * @param seq its place in the session, from 1, increasing with every appended turn
 * @param speaker who spoke, such as {@code operator}, {@code client} or an agent id, not blank
 * @param text what was said, not blank
 * @param occurredAt when it happened in the world
 * @param metadata free labels it was stored with ({@code null} becomes empty)
 * @param provenance where it came from
 * @since 2.0
 */
public record Turn(String id, String sessionId, long seq, String speaker, String text, Instant occurredAt,
        Map<String, String> metadata, Provenance provenance) {

    /** Validates the fields and copies the metadata. */
    public Turn {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(text, "text");
        if (id.isBlank() || sessionId.isBlank() || speaker.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("Turn id, session id, speaker and text must not be blank");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("Turn seq must be positive, was " + seq);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(provenance, "provenance");
    }
}

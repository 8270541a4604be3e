package dev.steward.api.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * What a run of older turns of a session said, kept when they leave the session's live window. It covers the
 * turns {@code fromSeq} to {@code toSeq} (both included) and stays linked to those of them that still exist.
 *
 * @param id the summary id, not blank
 * @param sessionId the session, not blank
 * @param fromSeq the first turn covered
 * @param toSeq the last turn covered, at least {@code fromSeq}
 * @param from when the first covered turn occurred
 * @param to when the last covered turn occurred
 * @param text the summary, not blank
 * @param summarizer the id of the summarizer that wrote it, not blank
 * @param createdAt when it was written
 * @since 2.0
 */
public record SessionSummary(String id, String sessionId, long fromSeq, long toSeq, Instant from, Instant to,
        String text, String summarizer, Instant createdAt) {

    /** Validates the fields. */
    public SessionSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(summarizer, "summarizer");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(createdAt, "createdAt");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("Summary must cover turns from 1 on, in order: " + fromSeq + ".." + toSeq);
        }
    }
}

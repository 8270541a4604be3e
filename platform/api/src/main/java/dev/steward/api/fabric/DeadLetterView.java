package dev.steward.api.fabric;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message that a route gave up on, as the exceptions inbox shows it.
 *
 * @param id the letter's id
 * @param route the id of the route that failed
 * @param endpoint where the message entered (its URI with any password masked); a replay sends it there
 * @param reason the last exception's message
 * @param exceptionType the last exception's class name
 * @param payload the body as text, possibly cut (secret headers and long bodies are never kept whole)
 * @param headers the headers without secret ones, as text
 * @param failedAt when it last failed (a failed replay moves it)
 * @param status {@code OPEN}, {@code REPLAYING}, {@code REPLAYED} or {@code DISCARDED}
 * @param replayedAt when a replay succeeded, {@code null} before
 * @param failedReplays how many replays of it have failed
 */
public record DeadLetterView(String id, String route, String endpoint, String reason, String exceptionType,
        String payload, Map<String, String> headers, Instant failedAt, String status, Instant replayedAt,
        int failedReplays) {

    /** Validates the fields and copies the headers. */
    public DeadLetterView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(failedAt, "failedAt");
        Objects.requireNonNull(status, "status");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (failedReplays < 0) {
            throw new IllegalArgumentException("failedReplays must not be negative, was " + failedReplays);
        }
    }
}

package dev.steward.fabric.internal;

import java.util.Map;

/**
 * One message that a route gave up on, as the exceptions inbox keeps it.
 *
 * @param id generated id
 * @param route id of the route that failed
 * @param endpoint where the message entered (its URI with any password masked); a replay sends it there
 * @param reason the last exception's message
 * @param exceptionType the last exception's class
 * @param payload the body as text, cut at {@link DeadLetterInbox#PAYLOAD_MAX_CHARS}
 * @param payloadTruncated whether the payload was cut
 * @param headers the headers without secret ones
 * @param failedAt when it failed (last time), epoch milliseconds
 * @param status OPEN, REPLAYING, REPLAYED or DISCARDED
 * @param replayedAt when a replay succeeded, epoch milliseconds, {@code null} before
 * @param failedReplays how many replays of it have failed
 */
record DeadLetter(String id, String route, String endpoint, String reason, String exceptionType, String payload,
        boolean payloadTruncated, Map<String, Object> headers, long failedAt, Status status, Long replayedAt,
        int failedReplays) {

    enum Status { OPEN, REPLAYING, REPLAYED, DISCARDED }

    DeadLetter {
        headers = Map.copyOf(headers);
    }
}

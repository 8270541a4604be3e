package dev.steward.model.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a model endpoint (embeddings or chat) did not answer as asked, sorted into what a caller can act on: wait and retry
 * ({@link Kind#RATE_LIMITED}, {@link Kind#UNAVAILABLE}, {@link Kind#TIMEOUT}) or fix something
 * ({@link Kind#REJECTED}, {@link Kind#MALFORMED}). Its message names the endpoint and the status, never the key.
 */
public final class ModelFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Kind {
        /** HTTP 429: too many requests; {@link #retryAfter()} says when to come back, if the server said. */
        RATE_LIMITED,
        /** HTTP 5xx, or the endpoint could not be reached. */
        UNAVAILABLE,
        /** No answer within the timeout. */
        TIMEOUT,
        /** HTTP 4xx other than 429: the request, the model name or the key is wrong. */
        REJECTED,
        /** A 2xx answer that is not a response to what was sent (not JSON, missing parts, not the JSON asked for). */
        MALFORMED
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    ModelFailure(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    ModelFailure(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the server asked to wait (HTTP {@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether trying again later may succeed. */
    public boolean transientFailure() {
        return kind == Kind.RATE_LIMITED || kind == Kind.UNAVAILABLE || kind == Kind.TIMEOUT;
    }
}

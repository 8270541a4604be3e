package dev.steward.api.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One journaled model call, as status and REST show it: where it went, what it used and cost, and how often its
 * answer was reused instead of paid for again.
 *
 * @param key the call's key
 * @param tier the tier it was routed to
 * @param outcome {@code ANSWERED} or {@code FAILED}
 * @param backend the backend that answered, or {@code null} when none did
 * @param model the model that answered, or {@code null}
 * @param promptTokens tokens read
 * @param completionTokens tokens written
 * @param costUsd what it cost, not {@code null}
 * @param latency how long the answering call took
 * @param at when it was recorded
 * @param failures why each backend tried before did not answer ({@code null} becomes empty)
 * @param reused how many times its answer was returned again without a call
 * @since 1.1
 */
public record ModelCallRecord(ModelCallKey key, ModelTier tier, String outcome, String backend, String model,
        int promptTokens, int completionTokens, BigDecimal costUsd, Duration latency, Instant at, List<String> failures,
        long reused) {

    /** Validates the fields and copies the failures. */
    public ModelCallRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(costUsd, "costUsd");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(at, "at");
        failures = failures == null ? List.of() : List.copyOf(failures);
    }
}

package dev.steward.api.flow;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed step is tried again and how long to wait in between (exponential backoff,
 * capped; the kernel adds 20 % jitter). Only retryable failures are retried: an agent reports a
 * permanent one by throwing {@link PermanentStepFailure}.
 *
 * @param maxAttempts the total number of attempts including the first, at least 1
 * @param initialBackoff the wait before the second attempt, not negative
 * @param maxBackoff the longest wait between attempts, not shorter than {@code initialBackoff}
 * @param multiplier the factor by which each wait grows, at least 1
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    /** Validates the fields. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("Retry maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("Retry initialBackoff must not be negative, was " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Retry maxBackoff " + maxBackoff
                    + " must not be shorter than initialBackoff " + initialBackoff);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("Retry multiplier must be a finite number of at least 1, was " + multiplier);
        }
    }

    /**
     * A policy that tries once and never retries.
     *
     * @return the single-attempt policy
     */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
    }

    /**
     * The default policy: 3 attempts, waiting 1 s, then 2 s, capped at 30 s.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
    }
}

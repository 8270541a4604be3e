package dev.steward.api.governance;

import java.time.Duration;
import java.util.Objects;

/**
 * The time exceptions waited on the operator: escalations (steps held for approval) and dead letters.
 *
 * @param escalations the steps held for approval
 * @param deadLetters the messages routes gave up on
 */
public record ExceptionTime(ExceptionWaits escalations, ExceptionWaits deadLetters) {

    /** Validates the fields. */
    public ExceptionTime {
        Objects.requireNonNull(escalations, "escalations");
        Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * The time of both kinds together.
     *
     * @return escalations' and dead letters' waits added up
     */
    public Duration total() {
        return escalations.waited().plus(deadLetters.waited());
    }
}

package dev.steward.governance.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A report's window and the instant it is seen from: {@code asOf} is its end, or now when it has not ended. Times in
 * the journal are ISO-8601 strings whose fraction of a second varies in length, so they sort as text only to the
 * second: a query takes the whole seconds around the window ({@link #lo}, {@link #hi}) and {@link #holds} is exact.
 */
record Window(Instant from, Instant to, Instant asOf) {

    static Window of(Instant from, Instant to, Instant now) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("'from' " + from + " is after 'to' " + to);
        }
        return new Window(from, to, to.isBefore(now) ? to : now);
    }

    /** A text at or before every ISO-8601 instant in the window. */
    String lo() {
        return from.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1).toString();
    }

    /** A text after every ISO-8601 instant in the window. */
    String hi() {
        return to.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
    }

    boolean holds(Instant at) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    /** The earlier of an exception's resolution and {@link #asOf}; {@code null} resolution means still open. */
    Instant until(Instant resolved) {
        return resolved == null || resolved.isAfter(asOf) ? asOf : resolved;
    }

    boolean openAt(Instant resolved) {
        return resolved == null || resolved.isAfter(asOf);
    }
}

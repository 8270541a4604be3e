package dev.steward.api.governance;

import java.time.Duration;
import java.util.Objects;

/**
 * How many exceptions of one kind arose in a window, how many are still open, and how long they waited on the
 * operator altogether (an open one until the window's end or now, whichever is earlier).
 *
 * @param count the exceptions that arose in the window
 * @param open those of them not resolved yet
 * @param waited their waits added up
 */
public record ExceptionWaits(int count, int open, Duration waited) {

    /** Nothing arose. */
    public static final ExceptionWaits NONE = new ExceptionWaits(0, 0, Duration.ZERO);

    /** Validates the fields. */
    public ExceptionWaits {
        Objects.requireNonNull(waited, "waited");
        if (count < 0 || open < 0 || open > count) {
            throw new IllegalArgumentException("open " + open + " of " + count + " exceptions: neither may be negative, "
                    + "nor open more than all");
        }
        if (waited.isNegative()) {
            throw new IllegalArgumentException("exceptions cannot wait a negative time: " + waited);
        }
    }
}

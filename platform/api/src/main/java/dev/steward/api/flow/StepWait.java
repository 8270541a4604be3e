package dev.steward.api.flow;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes a step a durable wait instead of a call: it waits for a named signal sent to its flow, or only for
 * time to pass. Waiting holds no thread; the deadline is in the journal and survives a restart. A signal
 * sent before the wait began is kept and ends the wait as soon as it begins.
 *
 * <p>The wait ends with the signal's payload as the step output; when the timeout passes first, it ends with
 * {@code onTimeout} as the output, or fails when {@code onTimeout} is {@code null}. A timer (no signal) always
 * ends with {@code onTimeout} (empty when {@code null}). When the step's input has a field {@code until}
 * (an ISO-8601 instant), that instant is the deadline instead of the timeout.
 *
 * @param signal the signal name to wait for, or {@code null} for a timer
 * @param timeout how long to wait after the step becomes ready, positive
 * @param onTimeout the output when the timeout passes, or {@code null} to fail the step then
 */
public record StepWait(String signal, Duration timeout, Map<String, Object> onTimeout) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*");

    /** Validates the fields and copies the default outcome. */
    public StepWait {
        if (signal != null && !NAME.matcher(signal).matches()) {
            throw new IllegalArgumentException("Signal name '" + signal
                    + "' must start with a letter or digit and contain only letters, digits, '_', '.', ':' or '-'");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("A wait's timeout must be positive, was " + timeout);
        }
        if (onTimeout != null) {
            onTimeout = Collections.unmodifiableMap(new LinkedHashMap<>(onTimeout));
        }
    }

    /**
     * A wait for a signal.
     *
     * @param signal the signal name
     * @param timeout how long to wait
     * @param onTimeout the output when nothing arrives in time, or {@code null} to fail then
     * @return the wait
     */
    public static StepWait forSignal(String signal, Duration timeout, Map<String, Object> onTimeout) {
        return new StepWait(Objects.requireNonNull(signal, "signal"), timeout, onTimeout);
    }

    /**
     * A timer: the step ends after the delay.
     *
     * @param delay how long to wait
     * @return the wait
     */
    public static StepWait timer(Duration delay) {
        return new StepWait(null, delay, Map.of());
    }

    /**
     * Tells whether this wait ends on a signal.
     *
     * @return {@code true} when a signal name is set
     */
    public boolean waitsForSignal() {
        return signal != null;
    }
}

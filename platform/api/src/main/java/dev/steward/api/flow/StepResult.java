package dev.steward.api.flow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one attempt of a step: an output when it succeeded, an error when it failed,
 * and whether a failure is worth retrying.
 *
 * @param status {@link StepStatus#SUCCEEDED} or {@link StepStatus#FAILED}
 * @param output the output, empty on failure ({@code null} becomes empty); values may be {@code null}
 * @param error why it failed, not blank on failure and empty on success ({@code null} becomes empty)
 * @param retryable whether another attempt may succeed; always {@code false} on success
 */
public record StepResult(StepStatus status, Map<String, Object> output, String error, boolean retryable) {

    /** Validates that the fields agree with the status and copies the output. */
    public StepResult {
        Objects.requireNonNull(status, "status");
        output = Collections.unmodifiableMap(new LinkedHashMap<>(output == null ? Map.of() : output));
        error = error == null ? "" : error;
        switch (status) {
            case SUCCEEDED -> {
                if (!error.isEmpty() || retryable) {
                    throw new IllegalArgumentException("A succeeded step result has no error and is not retryable");
                }
            }
            case FAILED -> {
                if (error.isBlank()) {
                    throw new IllegalArgumentException("A failed step result needs an error message");
                }
            }
            default -> throw new IllegalArgumentException(
                    "A step result is SUCCEEDED or FAILED, was " + status);
        }
    }

    /**
     * A successful attempt.
     *
     * @param output the step output
     * @return a SUCCEEDED result
     */
    public static StepResult success(Map<String, Object> output) {
        return new StepResult(StepStatus.SUCCEEDED, output, "", false);
    }

    /**
     * A failed attempt that may succeed if tried again, such as a timeout or a rate limit.
     *
     * @param error why it failed
     * @return a retryable FAILED result
     */
    public static StepResult retryableFailure(String error) {
        return new StepResult(StepStatus.FAILED, Map.of(), error, true);
    }

    /**
     * A failed attempt that will fail again, such as invalid input or a refusal.
     *
     * @param error why it failed
     * @return a non-retryable FAILED result
     */
    public static StepResult permanentFailure(String error) {
        return new StepResult(StepStatus.FAILED, Map.of(), error, false);
    }

    /**
     * Tells whether the attempt succeeded.
     *
     * @return {@code true} when the status is SUCCEEDED
     */
    public boolean succeeded() {
        return status == StepStatus.SUCCEEDED;
    }
}

package dev.steward.api.flow;

/**
 * Thrown by a step's agent or connector when retrying cannot help (bad input, a refusal by the other side):
 * the kernel fails the step at once instead of retrying it. Any other exception counts as retryable.
 */
public class PermanentStepFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the failure.
     *
     * @param message why the step cannot succeed, shown to the operator
     */
    public PermanentStepFailure(String message) {
        super(message);
    }

    /**
     * Creates the failure with its cause.
     *
     * @param message why the step cannot succeed, shown to the operator
     * @param cause the underlying error
     */
    public PermanentStepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

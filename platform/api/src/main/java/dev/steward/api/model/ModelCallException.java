package dev.steward.api.model;

import java.util.List;

/**
 * No backend answered a model call: none serves its tier (locally, when the request is sensitive), or every one that
 * does failed. The message lists each backend's reason, never the request's content or a key.
 *
 * @since 1.1
 */
public class ModelCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;
    private final List<String> failures;

    /**
     * @param message what happened
     * @param failures each backend's reason, in the order they were tried
     * @param transientFailure whether trying again later may succeed (every failure was a rate limit, an outage or a
     *        timeout)
     */
    public ModelCallException(String message, List<String> failures, boolean transientFailure) {
        super(message);
        this.failures = List.copyOf(failures);
        this.transientFailure = transientFailure;
    }

    /**
     * Each backend's reason, in the order they were tried.
     *
     * @return the reasons
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * Tells whether trying again later may succeed.
     *
     * @return {@code true} when every backend failed for a passing reason
     */
    public boolean transientFailure() {
        return transientFailure;
    }
}

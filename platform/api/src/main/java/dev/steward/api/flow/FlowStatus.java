package dev.steward.api.flow;

/** Where a flow instance is in its life. */
public enum FlowStatus {
    /** Accepted, not yet started. */
    PENDING,
    /** Steps are being run. */
    RUNNING,
    /** Paused until an event, a timer or a human approval. */
    WAITING,
    /** Every step succeeded. */
    COMPLETED,
    /** A step failed for good and nothing more will run. */
    FAILED,
    /** Undoing the effects of completed steps after a failure. */
    COMPENSATING,
    /** The effects of completed steps were undone. */
    COMPENSATED,
    /** Stopped on request. */
    CANCELLED;

    /**
     * Tells whether the instance has ended and will not change again.
     *
     * @return {@code true} for COMPLETED, FAILED, COMPENSATED and CANCELLED
     */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == COMPENSATED || this == CANCELLED;
    }
}

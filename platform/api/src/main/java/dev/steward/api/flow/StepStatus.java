package dev.steward.api.flow;

/** Where one step of a flow instance is in its life. */
public enum StepStatus {
    /**
     * Not yet started: waiting for the steps it depends on, or parked, waiting for a capability or for the agent
     * version it is pinned to ({@link StepRun#waitingFor()}).
     */
    PENDING,
    /** An attempt is in progress. */
    RUNNING,
    /** Finished with an output. */
    SUCCEEDED,
    /** Failed, either for good or awaiting a retry. */
    FAILED,
    /** Not run, because the flow took another path or was stopped. */
    SKIPPED,
    /** Paused until an event, a timer or a human approval. */
    WAITING,
    /** Succeeded earlier, then its effect was undone. */
    COMPENSATED
}

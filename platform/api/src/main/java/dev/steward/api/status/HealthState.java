package dev.steward.api.status;

/** How well a component works: fully, partly, or not at all. */
public enum HealthState {
    /** The component works as intended. */
    UP,
    /** The component works, but with reduced capacity or a fallback. */
    DEGRADED,
    /** The component does not work. */
    DOWN
}

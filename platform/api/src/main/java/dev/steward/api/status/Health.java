package dev.steward.api.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The health of one named component at one moment, with a human-readable message and ordered
 * details (for example {@code uri} or {@code latencyMs}) shown as they were given.
 *
 * @param component the component name, not blank
 * @param state the health state
 * @param message a short explanation, never {@code null} ({@code null} becomes empty)
 * @param details extra facts in insertion order, never {@code null}; no {@code null} keys or values
 */
public record Health(String component, HealthState state, String message, Map<String, String> details) {

    /** Validates the fields and copies the details, keeping their order. */
    public Health {
        Objects.requireNonNull(component, "component");
        if (component.isBlank()) {
            throw new IllegalArgumentException("Health component name must not be blank");
        }
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((key, value) -> copy.put(
                    Objects.requireNonNull(key, "Health detail key"),
                    Objects.requireNonNull(value, () -> "Health detail '" + key + "' has a null value")));
        }
        details = Collections.unmodifiableMap(copy);
    }

    /**
     * Reports a component that works.
     *
     * @param component the component name
     * @param message a short explanation, may be {@code null}
     * @param details extra facts, may be {@code null}
     * @return an {@link HealthState#UP} health
     */
    public static Health up(String component, String message, Map<String, String> details) {
        return new Health(component, HealthState.UP, message, details);
    }

    /**
     * Reports a component that works with reduced capacity.
     *
     * @param component the component name
     * @param message what is reduced, may be {@code null}
     * @param details extra facts, may be {@code null}
     * @return a {@link HealthState#DEGRADED} health
     */
    public static Health degraded(String component, String message, Map<String, String> details) {
        return new Health(component, HealthState.DEGRADED, message, details);
    }

    /**
     * Reports a component that does not work.
     *
     * @param component the component name
     * @param message why it does not work, may be {@code null}
     * @param details extra facts, may be {@code null}
     * @return a {@link HealthState#DOWN} health
     */
    public static Health down(String component, String message, Map<String, String> details) {
        return new Health(component, HealthState.DOWN, message, details);
    }
}

package dev.steward.api.status;

import java.util.Objects;

/**
 * The state of one OSGi bundle, as the framework reports it.
 *
 * @param id the bundle id, zero or more
 * @param symbolicName the bundle symbolic name ({@code null} becomes empty for legacy bundles)
 * @param version the bundle version ({@code null} becomes {@code 0.0.0})
 * @param state the framework state name, such as {@code ACTIVE} or {@code RESOLVED}, not blank
 */
public record BundleStatus(long id, String symbolicName, String version, String state) {

    /** Validates the fields. */
    public BundleStatus {
        if (id < 0) {
            throw new IllegalArgumentException("Bundle id must not be negative, was " + id);
        }
        symbolicName = symbolicName == null ? "" : symbolicName;
        version = version == null ? "0.0.0" : version;
        Objects.requireNonNull(state, "state");
        if (state.isBlank()) {
            throw new IllegalArgumentException("Bundle state must not be blank for bundle " + id);
        }
    }

    /**
     * Tells whether the bundle is started.
     *
     * @return {@code true} when the state is {@code ACTIVE}
     */
    public boolean active() {
        return "ACTIVE".equals(state);
    }
}

package dev.steward.api.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of the whole platform: its version, the health of every component and the state of
 * every bundle it is responsible for.
 *
 * <p>Fragments never become {@code ACTIVE}, so providers leave them out of {@code bundles}.
 *
 * @param version the platform version, not blank
 * @param components the health of each component, in report order
 * @param bundles the state of each platform and plugin bundle
 */
public record PlatformStatus(String version, List<Health> components, List<BundleStatus> bundles) {

    /** Validates the fields and copies the lists. */
    public PlatformStatus {
        Objects.requireNonNull(version, "version");
        if (version.isBlank()) {
            throw new IllegalArgumentException("Platform version must not be blank");
        }
        components = List.copyOf(Objects.requireNonNull(components, "components"));
        bundles = List.copyOf(Objects.requireNonNull(bundles, "bundles"));
    }

    /**
     * Tells whether the platform can serve: every component is up and every bundle is active.
     *
     * @return {@code true} when nothing is degraded, down or inactive
     */
    public boolean ready() {
        return components.stream().allMatch(health -> health.state() == HealthState.UP)
                && bundles.stream().allMatch(BundleStatus::active);
    }

    /**
     * Tells whether the platform serves, perhaps with a problem a component reports (a rejected flow file, say):
     * no component is down and every bundle is active.
     *
     * @return {@code true} when nothing is down or inactive
     */
    public boolean serving() {
        return components.stream().noneMatch(health -> health.state() == HealthState.DOWN)
                && bundles.stream().allMatch(BundleStatus::active);
    }

    /**
     * Finds the health of one component.
     *
     * @param name the component name
     * @return its health, or empty when no such component reported
     */
    public Optional<Health> component(String name) {
        return components.stream().filter(health -> health.component().equals(name)).findFirst();
    }
}

/**
 * Extension point for health reporting: a bundle registers a
 * {@link dev.steward.spi.status.HealthIndicator} service to have its health shown by
 * {@code steward:status}, the REST API and the web console, and counted in readiness.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.spi.status;

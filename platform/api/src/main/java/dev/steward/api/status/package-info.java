/**
 * Health and status of a running Steward platform: the health of each component, the state of
 * each bundle, and the {@link dev.steward.api.status.StatusService} that gathers them for the
 * {@code steward:status} command, the REST API and the web console.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.api.status;

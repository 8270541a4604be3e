/**
 * Extension point for policies: a bundle registers a {@link dev.steward.spi.policy.Policy}
 * service, and the platform asks every policy before a step runs, a memory is written or an
 * effect is delivered; the strictest verdict wins.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.spi.policy;

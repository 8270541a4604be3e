/**
 * Extension point for agents: a bundle registers an {@link dev.steward.spi.agent.Agent} service,
 * and the platform routes flow steps to it by capability.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.spi.agent;

/**
 * Extension point for flow definitions: a bundle registers a
 * {@link dev.steward.spi.flow.FlowDefinitionProvider} service to contribute flows, which the
 * platform adds when the bundle starts and withdraws when it stops.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package dev.steward.spi.flow;

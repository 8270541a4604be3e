/**
 * Extension point for connectors: a bundle registers an
 * {@link dev.steward.spi.connector.OutboundConnector} service, and the platform routes effects
 * to it by capability, after policies have allowed them.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.spi.connector;

/**
 * Value types for connectors, the plugins that link flows to the outside world: what a connector
 * offers ({@link dev.steward.api.connector.ConnectorDescriptor}), an external
 * {@link dev.steward.api.connector.Effect} to deliver, and the
 * {@link dev.steward.api.connector.EffectReceipt} that proves it was delivered.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.api.connector;

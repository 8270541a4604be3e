/**
 * Access to the graph store that holds flows, journals and memory: parameterised Cypher
 * {@link dev.steward.spi.store.Statement}s run through the platform-provided
 * {@link dev.steward.spi.store.GraphStore}, which fails with
 * {@link dev.steward.spi.store.StoreUnavailableException} when the store is down. No driver type
 * crosses this package.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.spi.store;

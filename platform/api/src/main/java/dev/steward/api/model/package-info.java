/**
 * Value types for talking to language and embedding models through any backend: chat requests
 * and responses, embedding requests and responses, the quality/price
 * {@link dev.steward.api.model.ModelTier}s, and what a backend offers.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package dev.steward.api.model;

/**
 * Extension point for model backends: a bundle registers a
 * {@link dev.steward.spi.model.ModelBackend} service, and the platform routes chat and embedding
 * requests to it by tier and locality.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.spi.model;

/**
 * The platform's memory: {@link dev.steward.api.memory.MemoryItem}s kept in tiers with their
 * provenance and validity, recalled by {@link dev.steward.api.memory.RecallQuery} and forgotten
 * per subject through the platform-provided {@link dev.steward.api.memory.Memory} service.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.steward.api.memory;

/**
 * The platform's memory: {@link dev.steward.api.memory.MemoryItem}s kept in tiers with their
 * provenance and validity, recalled by {@link dev.steward.api.memory.RecallQuery} and forgotten
 * per subject through the platform-provided {@link dev.steward.api.memory.Memory} service; and the long-term
 * knowledge graph of {@link dev.steward.api.memory.Entity entities}, bi-temporal
 * {@link dev.steward.api.memory.Fact facts} and {@link dev.steward.api.memory.Episode episodes} behind
 * {@link dev.steward.api.memory.KnowledgeBank}.
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.steward.api.memory;

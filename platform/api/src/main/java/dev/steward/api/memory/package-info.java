/**
 * The platform's memory in three tiers behind {@link dev.steward.api.memory.Memory}: the ephemeral
 * {@link dev.steward.api.memory.WorkingMemory working context} of in-flight flows, the bounded
 * {@link dev.steward.api.memory.SessionHistory session history} with summaries of older turns, and the long-term
 * knowledge graph of {@link dev.steward.api.memory.Entity entities}, bi-temporal
 * {@link dev.steward.api.memory.Fact facts} and {@link dev.steward.api.memory.Episode episodes} behind
 * {@link dev.steward.api.memory.KnowledgeBank}; {@link dev.steward.api.memory.Memory#context} assembles material
 * from all three for a task, with citations.
 */
@org.osgi.annotation.versioning.Version("2.0.0")
package dev.steward.api.memory;

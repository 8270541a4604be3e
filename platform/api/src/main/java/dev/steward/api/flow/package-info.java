/**
 * Durable flows: a {@link dev.steward.api.flow.FlowDefinition} is a graph of steps, each calling
 * a capability with a retry policy and an optional compensation; a
 * {@link dev.steward.api.flow.FlowInstance} is one run of it, started and found through the
 * platform-provided {@link dev.steward.api.flow.FlowService}.
 */
@org.osgi.annotation.versioning.Version("1.5.0")
package dev.steward.api.flow;

/**
 * Value types for agents, the plugins that turn an input into an output by reasoning, usually
 * with a model: what an agent offers ({@link dev.steward.api.agent.AgentDescriptor}), what it is
 * asked ({@link dev.steward.api.agent.AgentRequest}) and what it answers
 * ({@link dev.steward.api.agent.AgentResult}).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package dev.steward.api.agent;

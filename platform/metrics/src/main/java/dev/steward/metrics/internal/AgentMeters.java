package dev.steward.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;

/**
 * The agent registry's counters as meters, one set per agent id and version: {@code steward_agent_calls_total},
 * {@code steward_agent_failures_total}, {@code steward_agent_latency_seconds} (count and sum, so a scraper computes
 * the mean over any window) and {@code steward_agent_calls_cost_usd_total}. The meters read the statuses taken at
 * the last {@link #sync}, which runs before each scrape; an agent that left loses its meters.
 */
final class AgentMeters {

    private record Registered(AgentStatus[] latest, List<Meter> meters) {
    }

    private final MeterRegistry registry;
    private final Map<String, Registered> byAgent = new ConcurrentHashMap<>();

    AgentMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Takes the registry's current statuses: meters for agents that arrived, none for those that left. */
    synchronized void sync(AgentRegistry agents) {
        List<AgentStatus> now = agents == null ? List.of() : agents.agents();
        Map<String, AgentStatus> seen = new ConcurrentHashMap<>();
        now.forEach(s -> seen.put(s.descriptor().id() + "@" + s.descriptor().version(), s));
        byAgent.entrySet().removeIf(e -> {
            if (seen.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().meters().forEach(registry::remove);
            return true;
        });
        seen.forEach((key, status) -> byAgent.computeIfAbsent(key, k -> register(status)).latest()[0] = status);
    }

    private Registered register(AgentStatus status) {
        AgentStatus[] latest = {status};
        Tags tags = Tags.of("agent", status.descriptor().id(), "version", status.descriptor().version());
        List<Meter> meters = List.of(
                FunctionCounter.builder("steward.agent.calls", latest, l -> l[0].calls())
                        .description("Steps that called the agent since it arrived").tags(tags).register(registry),
                FunctionCounter.builder("steward.agent.failures", latest, l -> l[0].failures())
                        .description("Calls of the agent that failed").tags(tags).register(registry),
                FunctionTimer.builder("steward.agent.latency", latest, l -> l[0].calls(),
                        l -> l[0].meanLatency().toNanos() * (double) l[0].calls(), TimeUnit.NANOSECONDS)
                        .description("Duration of the agent's calls, retries included").tags(tags).register(registry),
                FunctionCounter.builder("steward.agent.calls.cost", latest, l -> l[0].costUsd().doubleValue())
                        .baseUnit("usd").description("What the agent's calls cost, in US dollars").tags(tags)
                        .register(registry));
        return new Registered(latest, meters);
    }
}

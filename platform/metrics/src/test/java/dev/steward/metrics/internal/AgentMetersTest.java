package dev.steward.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;

/** The agent registry's counters in the Prometheus text, per agent id and version, as agents are called and leave. */
class AgentMetersTest {

    private final PlatformMeterRegistry registry = new PlatformMeterRegistry();
    private final List<AgentStatus> statuses = new ArrayList<>();

    /** The registry as the kernel offers it, its statuses set by the test. */
    private final AgentRegistry agents = new AgentRegistry() {
        @Override
        public List<AgentStatus> agents() {
            return List.copyOf(statuses);
        }

        @Override
        public List<AgentStatus> agent(String id) {
            return statuses.stream().filter(s -> s.descriptor().id().equals(id)).toList();
        }

        @Override
        public Optional<String> check(AgentDescriptor descriptor) {
            return Optional.empty();
        }
    };

    @AfterEach
    void close() {
        registry.deactivate();
    }

    private static AgentStatus status(String id, String version, long calls, long failures, long meanMs, String cost) {
        AgentDescriptor d = new AgentDescriptor(id, version, List.of("draft.write"), null, null,
                AgentDescriptor.CostClass.LOW, true);
        return new AgentStatus(d, AgentStatus.State.ACTIVE, null, calls, failures, Duration.ofMillis(meanMs),
                new BigDecimal(cost), List.of());
    }

    @Test
    void eachAgentVersionHasItsCallsFailuresLatencyAndCost() {
        registry.setAgents(agents);
        statuses.add(status("writer", "1.0.0", 3, 1, 20, "0.012"));
        statuses.add(status("writer", "1.1.0", 1, 0, 50, "0"));
        String text = registry.scrape();
        assertTrue(text.contains("steward_agent_calls_total{agent=\"writer\",version=\"1.0.0\"} 3.0"), text);
        assertTrue(text.contains("steward_agent_failures_total{agent=\"writer\",version=\"1.0.0\"} 1.0"), text);
        assertTrue(text.contains("steward_agent_latency_seconds_count{agent=\"writer\",version=\"1.0.0\"} 3"), text);
        assertTrue(text.contains("steward_agent_latency_seconds_sum{agent=\"writer\",version=\"1.0.0\"} 0.06"), text);
        assertTrue(text.contains("steward_agent_calls_cost_usd_total{agent=\"writer\",version=\"1.0.0\"} 0.012"), text);
        assertTrue(text.contains("steward_agent_calls_total{agent=\"writer\",version=\"1.1.0\"} 1.0"), text);
        assertTrue(text.contains("# TYPE steward_agent_calls_total counter"), text);

        // more calls: the next scrape shows them; the old version left: its meters are gone
        statuses.clear();
        statuses.add(status("writer", "1.1.0", 5, 2, 40, "0.5"));
        text = registry.scrape();
        assertTrue(text.contains("steward_agent_calls_total{agent=\"writer\",version=\"1.1.0\"} 5.0"), text);
        assertTrue(text.contains("steward_agent_failures_total{agent=\"writer\",version=\"1.1.0\"} 2.0"), text);
        assertTrue(text.contains("steward_agent_latency_seconds_sum{agent=\"writer\",version=\"1.1.0\"} 0.2"), text);
        assertTrue(text.contains("steward_agent_calls_cost_usd_total{agent=\"writer\",version=\"1.1.0\"} 0.5"), text);
        assertFalse(text.contains("version=\"1.0.0\""), text);
    }

    @Test
    void withoutARegistryOrWhenItFailsTheScrapeStillAnswers() {
        assertFalse(registry.scrape().contains("steward_agent_calls_total{"));
        statuses.add(status("writer", "1.0.0", 3, 0, 20, "0"));
        registry.setAgents(agents);
        assertTrue(registry.scrape().contains("steward_agent_calls_total{agent=\"writer\",version=\"1.0.0\"} 3.0"));
        registry.setAgents(new AgentRegistry() {
            @Override
            public List<AgentStatus> agents() {
                throw new IllegalStateException("kernel stopping");
            }

            @Override
            public List<AgentStatus> agent(String id) {
                return List.of();
            }

            @Override
            public Optional<String> check(AgentDescriptor descriptor) {
                return Optional.empty();
            }
        });
        String text = registry.scrape();
        assertTrue(text.contains("steward_agent_calls_total{agent=\"writer\",version=\"1.0.0\"} 3.0"), text);
        assertTrue(text.contains("steward_metrics_agent_sync_failures_total 1.0"), text);
    }
}

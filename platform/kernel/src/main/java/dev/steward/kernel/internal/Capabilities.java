package dev.steward.kernel.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentStatus;
import dev.steward.spi.agent.Agent;

/**
 * Which agent provides which capability, as agents come and go. A capability offered by several agents
 * goes to the one that arrived first; when it leaves, the next one takes over. An agent whose descriptor is not
 * valid is kept on the roster as rejected and offers nothing.
 */
final class Capabilities {

    private final List<Agent> agents = new CopyOnWriteArrayList<>();
    private final Map<Agent, List<String>> offered = new ConcurrentHashMap<>();
    private final AgentRoster roster = new AgentRoster();

    /** Adds an agent; returns why it was rejected, if it was. */
    Optional<String> add(Agent agent) {
        Optional<String> problem = roster.arrived(agent);
        if (problem.isEmpty()) {
            offered.put(agent, List.copyOf(agent.descriptor().capabilities()));
            agents.add(agent);
        }
        return problem;
    }

    void remove(Agent agent) {
        agents.remove(agent);
        offered.remove(agent);
        roster.left(agent);
    }

    /** Counts a call of an agent by a step. */
    void called(Agent agent, AgentDecision decision) {
        roster.called(agent, decision);
    }

    List<AgentStatus> statuses() {
        return roster.statuses(this);
    }

    Optional<Agent> provider(String capability) {
        for (Agent a : agents) {
            List<String> caps = offered.get(a);
            if (caps != null && caps.contains(capability)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

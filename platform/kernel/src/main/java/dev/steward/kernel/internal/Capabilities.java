package dev.steward.kernel.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.steward.spi.agent.Agent;

/**
 * Which agent provides which capability, as agents come and go. A capability offered by several agents
 * goes to the one that arrived first; when it leaves, the next one takes over.
 */
final class Capabilities {

    private final List<Agent> agents = new CopyOnWriteArrayList<>();
    private final Map<Agent, List<String>> offered = new ConcurrentHashMap<>();

    void add(Agent agent) {
        List<String> capabilities = List.copyOf(agent.descriptor().capabilities());
        offered.put(agent, capabilities);
        agents.add(agent);
    }

    void remove(Agent agent) {
        agents.remove(agent);
        offered.remove(agent);
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

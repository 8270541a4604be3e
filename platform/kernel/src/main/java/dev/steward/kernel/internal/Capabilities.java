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
 * Which agent provides which capability, as agents come and go. A capability offered by several agent ids goes to
 * the id that arrived first, and of that id to its newest version ({@link AgentVersions}); when it leaves, the next
 * one takes over. Pinned steps find their exact version by its key {@code id@version}. An agent whose descriptor is
 * not valid is kept on the roster as rejected and offers nothing.
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

    /** The agent that serves new steps of a capability: the newest version of the first-arrived id offering it. */
    Optional<Agent> provider(String capability) {
        String id = null;
        for (Agent a : agents) {
            if (offers(a, capability)) {
                id = a.descriptor().id();
                break;
            }
        }
        return id == null ? Optional.empty() : newest(id, capability);
    }

    /** The newest registered version of an agent id that offers the capability ({@code null}: any). */
    Optional<Agent> newest(String id, String capability) {
        Agent best = null;
        for (Agent a : agents) {
            if (a.descriptor().id().equals(id) && (capability == null || offers(a, capability))
                    && (best == null || AgentVersions.compare(a.descriptor().version(), best.descriptor().version()) > 0)) {
                best = a;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The registered agent with this key ({@code id@version}), the version a step is pinned to. */
    Optional<Agent> version(String key) {
        for (Agent a : agents) {
            if (key(a).equals(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether the agent is registered now (false once its bundle stopped, even while one of its calls runs). */
    boolean registered(Agent agent) {
        return agents.contains(agent);
    }

    /** An agent's key, {@code id@version}, as steps are pinned to it and the journal names it. */
    static String key(Agent agent) {
        return agent.descriptor().id() + "@" + agent.descriptor().version();
    }

    private boolean offers(Agent agent, String capability) {
        List<String> caps = offered.get(agent);
        return caps != null && caps.contains(capability);
    }
}

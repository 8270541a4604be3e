package dev.steward.orchestration.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentStatus;

/**
 * The capabilities registered at one moment, each with the descriptor of the agent that serves it (the active one,
 * else one on standby), and the capabilities offered only by rejected agents, with the reason.
 */
final class AgentCatalog {

    private final Map<String, AgentDescriptor> serving = new TreeMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();

    AgentCatalog(List<AgentStatus> agents) {
        for (AgentStatus status : agents) {
            for (String capability : status.descriptor().capabilities()) {
                if (status.state() == AgentStatus.State.REJECTED) {
                    rejected.putIfAbsent(capability, "agent " + status.descriptor().id() + " "
                            + status.descriptor().version() + " was rejected: " + status.problem());
                } else if (status.state() == AgentStatus.State.ACTIVE || !serving.containsKey(capability)) {
                    serving.put(capability, status.descriptor());
                }
            }
        }
    }

    Optional<AgentDescriptor> serving(String capability) {
        return Optional.ofNullable(serving.get(capability));
    }

    /** The registered capabilities, by name. */
    List<String> capabilities() {
        return new ArrayList<>(serving.keySet());
    }

    /** Why a capability is not served, for a problem's reason. */
    String whyUnknown(String capability) {
        String reason = rejected.get(capability);
        if (reason != null) {
            return "capability '" + capability + "' is offered only by a rejected agent (" + reason + ")";
        }
        return "unknown capability '" + capability + "'; registered: "
                + (serving.isEmpty() ? "none" : String.join(", ", serving.keySet()));
    }
}

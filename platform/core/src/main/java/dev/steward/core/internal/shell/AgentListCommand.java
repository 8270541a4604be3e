package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;

/** {@code steward:agent-list [id]}: the agents with their state and counters; with an id, its last decisions too. */
@Service
@Command(scope = "steward", name = "agent-list", description = "Lists the agents, their state, calls, failures and cost")
public class AgentListCommand implements Action {

    @Reference
    AgentRegistry registry;

    @Argument(name = "id", description = "Show this agent's versions with their last decisions")
    String id;

    @Override
    public Object execute() {
        List<AgentStatus> agents = id == null ? registry.agents() : registry.agent(id);
        if (id != null && agents.isEmpty()) {
            System.out.println("There is no agent '" + id + "' registered now.");
            return null;
        }
        System.out.printf("%-20s  %-10s  %-8s  %6s  %6s  %9s  %10s  %s%n", "AGENT", "VERSION", "STATE", "CALLS", "FAILED",
                "MEAN MS", "COST USD", "CAPABILITIES");
        for (AgentStatus s : agents) {
            System.out.printf("%-20s  %-10s  %-8s  %6d  %6d  %9d  %10s  %s%n", s.descriptor().id(),
                    s.descriptor().version(), s.state(), s.calls(), s.failures(), s.meanLatency().toMillis(),
                    s.costUsd().toPlainString(), String.join(",", s.descriptor().capabilities()));
            if (s.problem() != null) {
                System.out.println("    rejected: " + s.problem());
            }
            if (id != null) {
                for (AgentDecision d : s.recent()) {
                    System.out.printf("    %s  %s/%s  %s  %s%n", d.at(), d.flowInstanceId(), d.stepId(),
                            d.succeeded() ? "ok" : "FAILED", d.rationale());
                }
            }
        }
        registry.parkedSteps().forEach((capability, n) -> System.out.println(n + " step(s) parked, waiting for "
                + capability));
        return null;
    }
}

package dev.steward.kernel.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.spi.agent.Agent;

/** A test agent for one capability: records every call (with its idempotency key) and behaves as scripted. */
class ScriptedAgent implements Agent {

    interface Behaviour {
        Map<String, Object> run(AgentRequest request, int call) throws Exception;
    }

    final List<AgentRequest> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final String capability;
    private final Behaviour behaviour;

    ScriptedAgent(String capability, Behaviour behaviour) {
        this.capability = capability;
        this.behaviour = behaviour;
    }

    static ScriptedAgent echo(String capability) {
        return new ScriptedAgent(capability, (request, call) -> Map.of("echo", request.input()));
    }

    @Override
    public AgentDescriptor descriptor() {
        return new AgentDescriptor("test-" + capability, "1.0.0", List.of(capability), "{}", "{}",
                AgentDescriptor.CostClass.LOW, true);
    }

    @Override
    public AgentResult execute(AgentRequest request) throws Exception {
        calls.add(request);
        return new AgentResult(behaviour.run(request, count.incrementAndGet()), "", 1.0, null);
    }
}

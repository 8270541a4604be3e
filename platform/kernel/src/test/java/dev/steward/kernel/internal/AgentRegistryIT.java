package dev.steward.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.agent.AgentStatus;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;

/**
 * The agent registry of the kernel: descriptors checked on arrival (a rejected agent serves nothing, and its steps
 * wait for a valid provider), the states of agents offering the same capability, and per-agent counters and last
 * decisions from real flows on a real Neo4j.
 */
@Timeout(120)
class AgentRegistryIT extends EngineOnStore {

    private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    /** An agent with a descriptor of its own, answering with a rationale, a confidence and a cost, or failing. */
    private static Agent agent(AgentDescriptor descriptor, boolean fails) {
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public AgentResult execute(AgentRequest request) throws PermanentStepFailure {
                if (fails || Boolean.TRUE.equals(request.input().get("fail"))) {
                    throw new PermanentStepFailure("no answer for " + request.input().get("who"));
                }
                return new AgentResult(Map.of("ok", true), "scored " + request.input().get("who"), 0.75,
                        new BigDecimal("0.02"));
            }
        };
    }

    private static AgentDescriptor descriptor(String id, String version, String capability, String inputSchema) {
        return new AgentDescriptor(id, version, List.of(capability), inputSchema, "{}", AgentDescriptor.CostClass.LOW,
                true);
    }

    private FlowStatus run(String definition, Map<String, Object> input) throws Exception {
        FlowInstance flow = engine.start(definition, input);
        return engine.ending(flow.id()).get(60, TimeUnit.SECONDS);
    }

    @Test
    void invalidDescriptorsAreRejectedWithTheReasonAndServeNothing() throws Exception {
        Agent badSchema = agent(descriptor("scorer", "1.0.0", "lead.score", "{not json"), false);
        Agent badCapability = agent(descriptor("loud", "1.0.0", "Lead Score!", "{}"), false);
        Agent badVersion = agent(descriptor("vague", "latest", "lead.vague", "{}"), false);
        Agent arrayInput = agent(descriptor("lister", "1.0.0", "lead.list", "{\"type\":\"array\"}"), false);
        for (Agent a : List.of(badSchema, badCapability, badVersion, arrayInput)) {
            engine.addAgent(a);
        }
        Map<String, AgentStatus> byId = new java.util.HashMap<>();
        engine.agents().forEach(s -> byId.put(s.descriptor().id(), s));
        assertEquals(AgentStatus.State.REJECTED, byId.get("scorer").state());
        assertTrue(byId.get("scorer").problem().startsWith("input schema is not a JSON object"), byId.get("scorer").problem());
        assertTrue(byId.get("loud").problem().startsWith("capability 'Lead Score!' must be lower-case words"));
        assertTrue(byId.get("vague").problem().startsWith("version 'latest' must look like 1.2.3"));
        assertEquals("input schema must describe an object (a step's input is one), not array", byId.get("lister").problem());
        assertTrue(engine.health().details().get("agent.lister@1.0.0").startsWith("REJECTED, 0 calls, 0 failed: input schema"));
        assertTrue(engine.check(descriptor("fine", "2.0.1-rc1", "lead.fine", "{\"type\":\"object\"}")).isEmpty());

        // a step for the rejected agent's capability waits for a valid provider, which then serves it
        engine.define(new FlowDefinition("score", 1, "", List.of(new StepDefinition("score", "lead.score", null,
                List.of(), ONCE, Duration.ofSeconds(10), null))));
        FlowInstance waiting = engine.start("score", Map.of("who", "ann"));
        Thread.sleep(500);
        assertEquals(FlowStatus.RUNNING, engine.find(waiting.id()).orElseThrow().status(),
                "no valid agent offers lead.score: the step waits");
        engine.addAgent(agent(descriptor("scorer", "1.0.1", "lead.score", "{}"), false));
        assertEquals(FlowStatus.COMPLETED, engine.ending(waiting.id()).get(60, TimeUnit.SECONDS));
        assertEquals(List.of("1.0.0 REJECTED", "1.0.1 ACTIVE"), engine.agent("scorer").stream()
                .map(s -> s.descriptor().version() + " " + s.state()).toList());
    }

    @Test
    void callsFailuresCostAndTheLastDecisionsAreCountedPerAgent() throws Exception {
        Agent first = agent(descriptor("qualifier", "1.0.0", "lead.qualify", "{}"), false);
        Agent second = agent(descriptor("qualifier-b", "1.0.0", "lead.qualify", "{}"), true);
        engine.addAgent(first);
        engine.addAgent(second);
        engine.define(new FlowDefinition("qualify", 1, "", List.of(new StepDefinition("q", "lead.qualify", null,
                List.of(), ONCE, Duration.ofSeconds(10), null))));

        assertEquals(FlowStatus.COMPLETED, run("qualify", Map.of("who", "ann")));
        assertEquals(FlowStatus.COMPLETED, run("qualify", Map.of("who", "bo")));
        assertEquals(FlowStatus.FAILED, run("qualify", Map.of("who", "cy", "fail", true)));

        AgentStatus q = engine.agent("qualifier").get(0);
        assertEquals(AgentStatus.State.ACTIVE, q.state());
        assertEquals(3, q.calls());
        assertEquals(1, q.failures());
        assertEquals(0, new BigDecimal("0.04").compareTo(q.costUsd()), q.costUsd().toPlainString());
        assertEquals(3, q.recent().size());
        assertEquals("no answer for cy", q.recent().get(0).rationale().replaceAll("^.*: ", ""), "newest first");
        assertEquals("scored bo", q.recent().get(1).rationale());
        assertEquals(0.75, q.recent().get(1).confidence());
        assertEquals("lead.qualify", q.recent().get(1).capability());
        assertEquals(AgentStatus.State.STANDBY, engine.agent("qualifier-b").get(0).state(),
                "the capability goes to the agent that arrived first");

        assertEquals("ACTIVE, 3 calls, 1 failed", engine.health().details().get("agent.qualifier@1.0.0"),
                "steward:status -v shows each agent");
        engine.removeAgent(first);
        assertEquals(AgentStatus.State.ACTIVE, engine.agent("qualifier-b").get(0).state(), "the next one takes over");
        assertTrue(engine.agent("qualifier").isEmpty());
    }
}

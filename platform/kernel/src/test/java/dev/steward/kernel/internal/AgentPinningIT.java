package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.AuditEvent;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;
import dev.steward.spi.agent.Agent;

/**
 * Side-by-side agent versions on a real Neo4j: new steps go to the newest version, a dispatched step is pinned (in the
 * journal too) to the version it started on, a step whose pinned version left parks until it returns or the operator
 * migrates it, and a call whose agent left mid-call parks when it failed and is kept when it succeeded.
 */
@Timeout(120)
class AgentPinningIT extends EngineOnStore {

    private static final String CAPABILITY = "lead.qualify";
    private static final RetryPolicy TWICE = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 1.0);

    /** A version of an agent that records its calls and, while its gate is closed, holds each call. */
    private static final class Version implements Agent {
        final List<AgentRequest> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate;
        private final AgentDescriptor descriptor;
        volatile boolean stopped;

        Version(String id, String version, boolean gated) {
            descriptor = new AgentDescriptor(id, version, List.of(CAPABILITY), "{}", "{}", AgentDescriptor.CostClass.LOW,
                    true);
            gate = new CountDownLatch(gated ? 1 : 0);
        }

        @Override
        public AgentDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public AgentResult execute(AgentRequest request) throws Exception {
            calls.add(request);
            entered.countDown();
            gate.await(60, TimeUnit.SECONDS);
            if (stopped) {
                throw new IllegalStateException("the component was deactivated");
            }
            return new AgentResult(Map.of("by", descriptor.version()), "", 1.0, null);
        }
    }

    private void defineOneStep() {
        engine.define(new FlowDefinition("qualify", 1, "", List.of(new StepDefinition("q", CAPABILITY, null, List.of(),
                TWICE, Duration.ofSeconds(90), null))));
    }

    private String agentOf(String flowId) {
        return engine.steps(flowId).stream().filter(s -> s.stepId().equals("q")).map(StepRun::agent).findFirst()
                .orElse("(none)");
    }

    private Map<String, Object> journaledStep(String flowId) {
        return neo4j.store().read(new dev.steward.spi.store.Statement(
                "MATCH (:FlowInstance {id: $f})-[:HAS_STEP]->(s:StepRun {stepId: 'q'}) RETURN s", Map.of("f", flowId)))
                .stream().map(r -> JournalRows.map(r.get("s"))).findFirst().orElse(Map.of());
    }

    private FlowStatus end(String flowId) throws Exception {
        return engine.ending(flowId).get(60, TimeUnit.SECONDS);
    }

    @Test
    void newStepsGoToTheNewestVersionWhileAStepInFlightFinishesOnItsOwn() throws Exception {
        Version v1 = new Version("qualifier", "1.9.0", true);
        engine.register(v1);
        engine.register(new Version("other", "9.0.0", false)); // a later id never takes the capability from the first
        defineOneStep();
        FlowInstance first = engine.start("qualify", Map.of());
        assertTrue(v1.entered.await(30, TimeUnit.SECONDS), "the first step runs on 1.9.0");
        await("the pin is journaled beside the call", java.time.Duration.ofSeconds(20),
                () -> "qualifier@1.9.0".equals(journaledStep(first.id()).get("pin")));
        assertEquals(StepStatus.RUNNING, engine.steps(first.id()).get(0).status());

        Version v2 = new Version("qualifier", "1.10.0", false);
        engine.register(v2);
        FlowInstance second = engine.start("qualify", Map.of());
        assertEquals(FlowStatus.COMPLETED, end(second.id()));
        assertEquals("qualifier@1.10.0", agentOf(second.id()), "1.10.0 is newer than 1.9.0: new steps use it");

        v1.gate.countDown();
        assertEquals(FlowStatus.COMPLETED, end(first.id()));
        assertEquals("qualifier@1.9.0", agentOf(first.id()), "the step in flight finished on the version it started on");
        assertEquals(1, v1.calls.size());
        assertEquals(1, v2.calls.size());
        assertEquals(List.of("1.9.0 STANDBY", "1.10.0 ACTIVE"), engine.agent("qualifier").stream()
                .map(s -> s.descriptor().version() + " " + s.state()).toList(), "oldest first, the newest serves");
    }

    @Test
    void aCallFailingBecauseItsAgentLeftParksUntilThatVersionReturns() throws Exception {
        Version v1 = new Version("qualifier", "1.0.0", true);
        engine.register(v1);
        defineOneStep();
        FlowInstance flow = engine.start("qualify", Map.of());
        assertTrue(v1.entered.await(30, TimeUnit.SECONDS));
        engine.register(new Version("qualifier", "2.0.0", false));
        v1.stopped = true;
        engine.removeAgent(v1); // its bundle stops while the call runs: the call then fails
        v1.gate.countDown();

        await("the step parked", Duration.ofSeconds(30), () -> engine.parkedSteps().getOrDefault(CAPABILITY, 0) == 1);
        StepRun parked = engine.steps(flow.id()).get(0);
        assertEquals(StepStatus.PENDING, parked.status(), "neither failed nor run on 2.0.0");
        assertEquals("agent qualifier@1.0.0", parked.waitingFor());
        assertEquals(FlowStatus.RUNNING, engine.find(flow.id()).orElseThrow().status());
        assertEquals("1", engine.health().details().get("parked." + CAPABILITY), "status counts the parked steps");
        assertTrue(engine.agent("qualifier").get(0).calls() == 0, "2.0.0 was never called");

        Version back = new Version("qualifier", "1.0.0", false);
        engine.register(back);
        assertEquals(FlowStatus.COMPLETED, end(flow.id()));
        assertEquals("qualifier@1.0.0", agentOf(flow.id()));
        assertEquals(v1.calls.get(0).key(), back.calls.get(0).key(), "run again with the same idempotency key");
        assertTrue(engine.parkedSteps().isEmpty());
    }

    @Test
    void aCallThatSucceedsWhileItsAgentLeavesIsKept() throws Exception {
        Version v1 = new Version("qualifier", "1.0.0", true);
        engine.register(v1);
        defineOneStep();
        FlowInstance flow = engine.start("qualify", Map.of());
        assertTrue(v1.entered.await(30, TimeUnit.SECONDS));
        engine.removeAgent(v1);
        v1.gate.countDown();
        assertEquals(FlowStatus.COMPLETED, end(flow.id()));
        assertEquals("qualifier@1.0.0", agentOf(flow.id()));
        assertEquals(1, v1.calls.size());
    }

    @Test
    void theOperatorMigratesParkedStepsToAnotherVersionAndItIsAudited() throws Exception {
        Version v1 = new Version("qualifier", "1.0.0", true);
        engine.register(v1);
        defineOneStep();
        FlowInstance flow = engine.start("qualify", Map.of());
        assertTrue(v1.entered.await(30, TimeUnit.SECONDS));
        v1.stopped = true;
        engine.removeAgent(v1);
        v1.gate.countDown();
        await("the step parked", Duration.ofSeconds(30), () -> engine.parkedSteps().getOrDefault(CAPABILITY, 0) == 1);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> engine.migrate("qualifier", "1.0.0", "3.0.0", "ann"));
        assertTrue(refused.getMessage().contains("qualifier@3.0.0 is not registered now"), refused.getMessage());

        Version v2 = new Version("qualifier", "2.0.0", false);
        engine.register(v2);
        Thread.sleep(300);
        assertEquals(0, v2.calls.size(), "a new version does not take a pinned step by itself");
        assertEquals(List.of(flow.id() + "/q"), engine.migrate("qualifier", "1.0.0", null, "ann"));
        assertEquals(FlowStatus.COMPLETED, end(flow.id()));
        assertEquals("qualifier@2.0.0", agentOf(flow.id()));
        assertEquals(v1.calls.get(0).key(), v2.calls.get(0).key(), "the same idempotency key");
        AuditEvent migrated = engine.audit(flow.id()).stream().filter(e -> e.type().equals("MIGRATED")).findFirst()
                .orElseThrow(() -> new AssertionError("no MIGRATED event"));
        assertEquals("ann", migrated.actor());
        assertEquals("agent qualifier@1.0.0 -> qualifier@2.0.0", migrated.detail());
    }

    @Test
    void thePinSurvivesARestartAndTheStepWaitsForItsVersion() throws Exception {
        Version v1 = new Version("qualifier", "1.0.0", true);
        engine.register(v1);
        defineOneStep();
        FlowInstance flow = engine.start("qualify", Map.of());
        assertTrue(v1.entered.await(30, TimeUnit.SECONDS));
        engine.deactivate(); // the platform goes away during the call

        engine = newEngine();
        Version v2 = new Version("qualifier", "2.0.0", false);
        engine.register(v2);
        defineOneStep();
        await("the resumed step parked", Duration.ofSeconds(30),
                () -> engine.parkedSteps().getOrDefault(CAPABILITY, 0) == 1);
        assertEquals("agent qualifier@1.0.0", engine.steps(flow.id()).get(0).waitingFor());
        assertEquals(0, v2.calls.size(), "the resumed step does not run on another version");

        Version back = new Version("qualifier", "1.0.0", false);
        engine.register(back);
        assertEquals(FlowStatus.COMPLETED, end(flow.id()));
        assertEquals("qualifier@1.0.0", agentOf(flow.id()));
        assertEquals(v1.calls.get(0).key(), back.calls.get(0).key());
        v1.gate.countDown();
    }

    @Test
    void aStepWithoutAProviderShowsWhatItWaitsFor() throws Exception {
        defineOneStep();
        FlowInstance flow = engine.start("qualify", Map.of());
        await("the step parked", Duration.ofSeconds(30), () -> engine.parkedSteps().getOrDefault(CAPABILITY, 0) == 1);
        StepRun step = engine.steps(flow.id()).get(0);
        assertEquals(StepStatus.PENDING, step.status());
        assertEquals("capability lead.qualify", step.waitingFor());
        engine.register(new Version("qualifier", "1.0.0", false));
        assertEquals(FlowStatus.COMPLETED, end(flow.id()));
        assertEquals("", engine.steps(flow.id()).get(0).waitingFor());
    }
}

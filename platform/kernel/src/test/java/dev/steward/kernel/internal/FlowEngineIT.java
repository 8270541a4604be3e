package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.status.HealthState;
import dev.steward.spi.store.Statement;

/** The kernel against a real Neo4j: retries, failures, timeouts, data flow, breakers, resume after a crash. */
@Timeout(180)
class FlowEngineIT extends EngineOnStore {

    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), 2.0);

    private static StepDefinition step(String id, String capability, RetryPolicy retry, Duration timeout,
            Map<String, String> mapping, List<String> dependsOn) {
        return new StepDefinition(id, capability, mapping, dependsOn, retry, timeout, null);
    }

    private FlowStatus awaitEnd(String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> engine.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return engine.find(flowId).orElseThrow().status();
    }

    private static Map<String, Object> stepRun(String flowId, String stepId) {
        return neo4j.store().read(new Statement("MATCH (:FlowInstance {id: $f})-[:HAS_STEP]->(s:StepRun {stepId: $s}) "
                + "RETURN s", Map.of("f", flowId, "s", stepId))).stream().map(r -> castMap(r.get("s"))).findFirst()
                .orElseThrow(() -> new AssertionError("no journaled step " + stepId));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void retriesThenSucceedsWithOneIdempotencyKeyAcrossAttempts() throws Exception {
        ScriptedAgent flaky = new ScriptedAgent("flaky", (request, call) -> {
            if (call < 3) {
                throw new IllegalStateException("transient " + call);
            }
            return Map.of("ok", true);
        });
        engine.register(flaky);
        engine.define(new FlowDefinition("retry", 1, "", List.of(step("a", "flaky", FAST, Duration.ofSeconds(5), null, null))));

        FlowInstance flow = engine.start("retry", Map.of("x", 1));
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(3, flaky.calls.size());
        assertEquals(1, flaky.calls.stream().map(r -> r.key().value()).distinct().count());
        Map<String, Object> journaled = stepRun(flow.id(), "a");
        assertEquals(3L, journaled.get("attempts"));
        assertEquals("SUCCEEDED", journaled.get("status"));
        assertEquals(flow.id() + ":a", journaled.get("idempotencyKey"));
    }

    @Test
    void aPermanentFailureIsNotRetriedAndFailsTheFlow() throws Exception {
        ScriptedAgent refusing = new ScriptedAgent("refuse", (request, call) -> {
            throw new PermanentStepFailure("recipient unknown");
        });
        engine.register(refusing);
        engine.register(ScriptedAgent.echo("after"));
        engine.define(new FlowDefinition("perm", 1, "", List.of(
                step("a", "refuse", FAST, Duration.ofSeconds(5), null, null),
                step("b", "after", FAST, Duration.ofSeconds(5), null, List.of("a")))));

        FlowInstance flow = engine.start("perm", Map.of());
        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        assertEquals(1, refusing.calls.size());
        assertEquals("permanent failure: recipient unknown", stepRun(flow.id(), "a").get("error"));
        List<Map<String, Object>> steps = neo4j.store().read(new Statement(
                "MATCH (:FlowInstance {id: $f})-[:HAS_STEP]->(s) RETURN s.stepId AS id", Map.of("f", flow.id())));
        assertEquals(List.of(Map.of("id", "a")), steps, "no step after the failed one ran");
    }

    @Test
    void aHangingStepIsInterruptedAtItsTimeout() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean();
        ScriptedAgent hanging = new ScriptedAgent("hang", (request, call) -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return Map.of();
        });
        engine.register(hanging);
        engine.define(new FlowDefinition("hang", 1, "", List.of(
                step("a", "hang", RetryPolicy.none(), Duration.ofMillis(300), null, null))));

        FlowInstance flow = engine.start("hang", Map.of());
        assertEquals(FlowStatus.FAILED, awaitEnd(flow.id()));
        assertTrue(stepRun(flow.id(), "a").get("error").toString().startsWith("timed out"));
        await("attempt interrupted", Duration.ofSeconds(5), interrupted::get);
    }

    @Test
    void outputsFlowToLaterStepsThroughTheInputMapping() throws Exception {
        engine.register(new ScriptedAgent("lookup", (request, call) -> Map.of("email", "ada@example.com")));
        ScriptedAgent writer = new ScriptedAgent("write", (request, call) -> Map.of("draft", "Dear " + request.input().get("to")));
        engine.register(writer);
        engine.define(new FlowDefinition("mail", 1, "", List.of(
                step("find", "lookup", FAST, Duration.ofSeconds(5), Map.of("name", "input.customer.name"), null),
                step("draft", "write", FAST, Duration.ofSeconds(5), Map.of("to", "steps.find.email", "who", "input.customer.name"),
                        List.of("find")))));

        FlowInstance flow = engine.start("mail", Map.of("customer", Map.of("name", "Ada")));
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(Map.of("to", "ada@example.com", "who", "Ada"), writer.calls.get(0).input());
        assertEquals("{\"draft\":\"Dear ada@example.com\"}", stepRun(flow.id(), "draft").get("output"));
    }

    @Test
    void aFlowWaitsForAMissingCapabilityAndRunsWhenItArrives() throws Exception {
        engine.define(new FlowDefinition("later", 1, "", List.of(step("a", "late", FAST, Duration.ofSeconds(5), null, null))));
        FlowInstance flow = engine.start("later", Map.of());
        Thread.sleep(300);
        assertEquals(FlowStatus.RUNNING, engine.find(flow.id()).orElseThrow().status());
        engine.register(ScriptedAgent.echo("late"));
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
    }

    @Test
    void aCircuitBreakerOpensOnRepeatedFailuresAndClosesAfterASuccess() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        ScriptedAgent plugin = new ScriptedAgent("fragile", (request, call) -> {
            if (broken.get()) {
                throw new IllegalStateException("down");
            }
            return Map.of();
        });
        engine.register(plugin);
        engine.define(new FlowDefinition("fragile", 1, "", List.of(
                step("a", "fragile", RetryPolicy.none(), Duration.ofSeconds(5), null, null))));
        for (int i = 0; i < BREAKER_FAILURES; i++) {
            assertEquals(FlowStatus.FAILED, awaitEnd(engine.start("fragile", Map.of()).id()));
        }
        assertEquals("OPEN", engine.health().details().get("breaker fragile"));
        int callsWhileOpen = plugin.calls.size();
        FlowInstance rejected = engine.start("fragile", Map.of());
        assertEquals(FlowStatus.FAILED, awaitEnd(rejected.id()));
        assertEquals(callsWhileOpen, plugin.calls.size(), "an open breaker does not call the plugin");
        assertTrue(stepRun(rejected.id(), "a").get("error").toString().startsWith("circuit breaker open"));

        broken.set(false);
        Thread.sleep(600);
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine.start("fragile", Map.of()).id()));
        assertEquals(null, engine.health().details().get("breaker fragile"), "closed again");
        assertEquals(HealthState.UP, engine.health().state());
    }

    @Test
    void afterACrashJournaledStepsAreNotRunAgainAndTheRestRunsWithTheSameKey() throws Exception {
        ScriptedAgent first = ScriptedAgent.echo("first");
        CountDownLatch secondStarted = new CountDownLatch(1);
        ScriptedAgent blocking = new ScriptedAgent("second", (request, call) -> {
            secondStarted.countDown();
            Thread.sleep(60_000);
            return Map.of();
        });
        FlowDefinition definition = new FlowDefinition("crash", 1, "", List.of(
                step("one", "first", FAST, Duration.ofSeconds(5), null, null),
                step("two", "second", RetryPolicy.none(), Duration.ofSeconds(90), null, List.of("one"))));
        engine.register(first);
        engine.register(blocking);
        engine.define(definition);
        FlowInstance flow = engine.start("crash", Map.of("n", 7));
        assertTrue(secondStarted.await(30, TimeUnit.SECONDS));
        engine.deactivate(); // the platform goes away while step two runs: nothing more is journaled

        engine = newEngine();
        ScriptedAgent firstAgain = ScriptedAgent.echo("first");
        ScriptedAgent secondAgain = ScriptedAgent.echo("second");
        engine.register(firstAgain);
        engine.register(secondAgain);
        engine.define(definition);
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));
        assertEquals(0, firstAgain.calls.size(), "the journaled step was not run again");
        assertEquals(1, secondAgain.calls.size());
        assertEquals(blocking.calls.get(0).key(), secondAgain.calls.get(0).key(), "same idempotency key after the crash");
        assertEquals(Map.of("n", 7), secondAgain.calls.get(0).input(), "the flow input, as journaled");
    }

    @Test
    void twoNodesOnOneStoreNeverRunAStepTwiceAtOnceAndTheSurvivorFinishesTheDeadNodesFlows() throws Exception {
        engine.deactivate(); // this test brings its own two nodes
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, AtomicInteger> callsPerKey = new ConcurrentHashMap<>();
        AtomicInteger pause = new AtomicInteger(200);
        ScriptedAgent.Behaviour work = (request, call) -> {
            String key = request.key().value();
            if (!inFlight.add(key)) {
                overlaps.incrementAndGet();
            }
            callsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(pause.get());
            } finally {
                inFlight.remove(key);
            }
            return Map.of();
        };
        FlowDefinition definition = new FlowDefinition("pair", 1, "", List.of(
                step("a", "work", FAST, Duration.ofSeconds(5), null, null),
                step("b", "work", FAST, Duration.ofSeconds(5), null, List.of("a")),
                step("c", "work", FAST, Duration.ofSeconds(5), null, List.of("b"))));
        FlowEngine x = newEngine("node-x", Duration.ofSeconds(2));
        FlowEngine y = newEngine("node-y", Duration.ofSeconds(2));
        List<String> ids = new java.util.ArrayList<>();
        try {
            for (FlowEngine node : List.of(x, y)) {
                node.register(new ScriptedAgent("work", work));
                node.define(definition);
            }
            for (int i = 0; i < 100; i++) {
                ids.add(x.start("pair", Map.of("i", i)).id());
                ids.add(y.start("pair", Map.of("i", i)).id());
            }
            x.deactivate(); // node x dies with most of its flows unfinished: it stops renewing its leases
            pause.set(2);
            await("every flow completed", Duration.ofSeconds(90), () -> ids.stream()
                    .allMatch(id -> y.find(id).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false)));
        } finally {
            x.deactivate();
            y.deactivate();
        }
        assertEquals(0, overlaps.get(), "no step ran on two nodes at once");
        assertEquals(600L, neo4j.store().read(new Statement("MATCH (f:FlowInstance {definitionId: 'pair'})-[:HAS_STEP]->(s) "
                + "RETURN count(s) AS n", Map.of())).get(0).get("n"), "every step journaled exactly once");
        long takenOver = (Long) neo4j.store().read(new Statement("MATCH (f:FlowInstance {definitionId: 'pair', owner: 'node-y'}) "
                + "RETURN count(f) AS n", Map.of())).get(0).get("n") - 100;
        assertTrue(takenOver >= 10, "node y took over node x's unfinished flows, took " + takenOver);
    }

    @Test
    void theStepTimelineAndTheRollbackPreviewComeFromTheJournal() throws Exception {
        engine.register(ScriptedAgent.echo("act"));
        engine.define(new FlowDefinition("undoable", 1, "", List.of(
                new StepDefinition("reserve", "act", null, null, FAST, null, "act.release"),
                new StepDefinition("notify", "act", null, List.of("reserve"), FAST, null, null),
                new StepDefinition("charge", "act", null, List.of("notify"), FAST, null, "act.refund"))));
        FlowInstance flow = engine.start("undoable", Map.of());
        assertEquals(FlowStatus.COMPLETED, awaitEnd(flow.id()));

        assertEquals(List.of("reserve", "notify", "charge"),
                engine.steps(flow.id()).stream().map(dev.steward.api.flow.StepRun::stepId).toList());
        var preview = engine.rollbackPreview(flow.id());
        assertEquals(List.of(new dev.steward.api.flow.RollbackPreview.Undo("charge", "act.refund"),
                new dev.steward.api.flow.RollbackPreview.Undo("reserve", "act.release")), preview.undo());
        assertEquals(List.of("notify"), preview.irreversible());
        assertThrows(IllegalArgumentException.class, () -> engine.rollbackPreview("no-such-flow"));
    }

    @Test
    void startingAnUnknownDefinitionIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> engine.start("nope", Map.of()));
        assertEquals("no flow definition 'nope'", e.getMessage());
    }
}

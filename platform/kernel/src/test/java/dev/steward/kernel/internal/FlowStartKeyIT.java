package dev.steward.kernel.internal;

import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.store.Statement;

/** Starting a flow by key on a real Neo4j: a key starts one flow, however often and however concurrently it is used. */
@Timeout(180)
class FlowStartKeyIT extends EngineOnStore {

    private ScriptedAgent defineEchoFlow() {
        ScriptedAgent echo = ScriptedAgent.echo("echo");
        engine.register(echo);
        engine.define(new FlowDefinition("keyed", 1, "", List.of(new StepDefinition("a", "echo", null, null,
                RetryPolicy.none(), Duration.ofSeconds(5), null))));
        return echo;
    }

    private static FlowStatus awaitEnd(FlowEngine flows, String flowId) throws InterruptedException {
        await("flow " + flowId + " ended", Duration.ofSeconds(60),
                () -> flows.find(flowId).map(f -> f.status().terminal()).orElse(false));
        return flows.find(flowId).orElseThrow().status();
    }

    private static long flowsWithKey(String key) {
        return (Long) neo4j.store().read(new Statement("MATCH (f:FlowInstance {startKey: $key}) RETURN count(f) AS n",
                Map.of("key", key))).get(0).get("n");
    }

    @Test
    void aKeyUsedAgainReturnsTheFlowItStartedAndRunsNothingNew() throws Exception {
        ScriptedAgent echo = defineEchoFlow();
        FlowInstance first = engine.start("keyed", Map.of("n", 1), "webhook-test:d-1");
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine, first.id()));

        FlowInstance again = engine.start("keyed", Map.of("n", 2), "webhook-test:d-1");
        assertEquals(first.id(), again.id());
        assertEquals(FlowStatus.COMPLETED, again.status(), "returned as it is now");
        assertEquals(Map.of("n", 1), again.input(), "the first start's input");
        assertEquals(1, echo.calls.size());
        assertEquals(1, flowsWithKey("webhook-test:d-1"));

        FlowInstance other = engine.start("keyed", Map.of("n", 3), "webhook-test:d-2");
        assertNotEquals(first.id(), other.id());
        assertEquals(FlowStatus.COMPLETED, awaitEnd(engine, other.id()));
        assertEquals(2, echo.calls.size());
        List<Map<String, Object>> created = neo4j.store().read(new Statement("MATCH (:FlowInstance {id: $id})-[:HAS_EVENT]->"
                + "(e:FlowEvent {type: 'CREATED'}) RETURN e.detail AS detail", Map.of("id", first.id())));
        assertEquals(1, created.size(), "one CREATED event: " + created);
    }

    @Test
    void eightConcurrentStartsWithOneKeyStartOneFlow() throws Exception {
        ScriptedAgent echo = defineEchoFlow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                String key = "webhook-test:concurrent-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<FlowInstance>> starts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    Callable<FlowInstance> start = () -> {
                        go.await();
                        return engine.start("keyed", Map.of("n", n), key);
                    };
                    starts.add(pool.submit(start));
                }
                go.countDown();
                List<String> ids = new ArrayList<>();
                for (Future<FlowInstance> f : starts) {
                    ids.add(f.get(60, TimeUnit.SECONDS).id());
                }
                assertEquals(1, ids.stream().distinct().count(), "every caller got the one flow: " + ids);
                assertEquals(1, flowsWithKey(key));
                assertEquals(FlowStatus.COMPLETED, awaitEnd(engine, ids.get(0)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, echo.calls.size(), "each key's flow ran its step once");
        assertEquals(3L, neo4j.store().read(new Statement("MATCH (f:FlowInstance) RETURN count(f) AS n", Map.of()))
                .get(0).get("n"));
    }

    @Test
    void aKeyStartedOnAnotherNodeIsFoundHere() throws Exception {
        defineEchoFlow();
        FlowEngine other = newEngine("node-b", Duration.ofSeconds(3));
        try {
            other.register(ScriptedAgent.echo("echo"));
            other.define(new FlowDefinition("keyed", 1, "", List.of(new StepDefinition("a", "echo", null, null,
                    RetryPolicy.none(), Duration.ofSeconds(5), null))));
            FlowInstance there = other.start("keyed", Map.of(), "webhook-test:shared");
            assertEquals(there.id(), engine.start("keyed", Map.of(), "webhook-test:shared").id());
        } finally {
            other.deactivate();
        }
    }

    @Test
    void aBlankKeyOrAnUnknownDefinitionIsRefusedAndStartsNothing() {
        defineEchoFlow();
        assertThrows(IllegalArgumentException.class, () -> engine.start("keyed", Map.of(), " "));
        var e = assertThrows(IllegalArgumentException.class, () -> engine.start("nope", Map.of(), "webhook-test:x"));
        assertEquals("no flow definition 'nope'", e.getMessage());
        assertEquals(0, flowsWithKey("webhook-test:x"));
    }
}

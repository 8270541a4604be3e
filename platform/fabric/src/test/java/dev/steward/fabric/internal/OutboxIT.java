package dev.steward.fabric.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.fabric.OutboxEntry;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.RollbackPreview.EffectAction;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.spi.connector.OutboundConnector;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The outbox against a real Neo4j, delivering through a connector that POSTs to a real HTTP sink on loopback. The
 * sink applies each Idempotency-Key once and answers what the test tells it to.
 */
class OutboxIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;
    private static GraphStore store;

    private final MutableClock clock = new MutableClock();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> keysSeen = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final List<String> undone = Collections.synchronizedList(new ArrayList<>());
    private HttpServer sink;
    private OutboxDelivery outbox;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "OutboxEffect", "FlowInstance", "StepRun");
        store = testStore.store();
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() throws IOException {
        testStore.clear();
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        sink.createContext("/effects", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            boolean undo = exchange.getRequestMethod().equals("DELETE");
            (undo ? undone : keysSeen).add(key);
            Integer status = answers.poll();
            int answer = status == null ? 200 : status;
            if (answer == 200 && !undo) {
                applied.add(key);
            } else if (answer == 200) {
                applied.remove(key);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        sink.start();
        outbox = new OutboxDelivery(store, clock, 20, 3, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() throws InterruptedException {
        outbox.deactivate();
        sink.stop(0);
    }

    private OutboundConnector connector() {
        return connector(false);
    }

    /**
     * Posts each effect to the sink with its key; 4xx is permanent, 5xx may pass on a later attempt. A compensable one
     * undoes an effect with a DELETE carrying the effect's key.
     */
    private OutboundConnector connector(boolean compensable) {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/effects");
        return new OutboundConnector() {
            @Override
            public ConnectorDescriptor descriptor() {
                return new ConnectorDescriptor("test-sink", "http", ConnectorDescriptor.Direction.OUTBOUND,
                        List.of("test.post"), compensable);
            }

            @Override
            public void compensate(Effect effect, EffectReceipt receipt) throws Exception {
                assertEquals("sink-" + effect.key().value(), receipt.externalId(), "the receipt of the delivery");
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).header("Idempotency-Key", effect.key().value())
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 400) {
                    throw new IOException("sink answered " + r.statusCode() + " to the undo");
                }
            }

            @Override
            public EffectReceipt deliver(Effect effect) throws Exception {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).header("Idempotency-Key", effect.key().value())
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(effect.payload()))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 500) {
                    throw new IOException("sink answered " + r.statusCode());
                }
                if (r.statusCode() >= 400) {
                    throw new PermanentStepFailure("sink refused the effect with " + r.statusCode());
                }
                return new EffectReceipt("sink-" + effect.key().value(), Instant.now(), Map.of("status", r.statusCode()));
            }
        };
    }

    /** An effect as the kernel writes it with a step's result. */
    private Map<String, Object> row(String key, String stepId, String status) {
        return new java.util.HashMap<>(Map.of("key", key, "capability", "test.post",
                "payload", "{\"to\":\"someone\"}", "flowId", "f-1", "stepId", stepId, "status", status, "attempts", 0,
                "lastError", "", "requestedAt", clock.millis(), "nextAttemptAt", clock.millis()));
    }

    private void write(Map<String, Object> row) {
        store.write(new Statement("CREATE (o:OutboxEffect) SET o = $row", Map.of("row", row)));
    }

    private void requested(String key) {
        write(row(key, "s", "PENDING"));
    }

    private OutboxEntry entry(String key) {
        return outbox.find(key).orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anEffectIsDeliveredWithItsKeyAndMarked() throws Exception {
        outbox.addConnector(connector());
        requested("f-1:s#1");
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1"), keysSeen);
        assertEquals("sink-f-1:s#1", entry("f-1:s#1").externalId());
        assertEquals(1, entry("f-1:s#1").attempts());
    }

    @Test
    void aFailedAttemptWaitsItsBackoffAndTheNextCarriesTheSameKey() throws Exception {
        outbox.addConnector(connector());
        answers.add(503);
        requested("f-1:s#1");
        await("one failed attempt", () -> entry("f-1:s#1").attempts() == 1 && entry("f-1:s#1").status().equals("PENDING"));
        assertEquals("test-sink: sink answered 503", entry("f-1:s#1").lastError());
        Thread.sleep(200); // several looks: none is due before its backoff
        assertEquals(1, keysSeen.size(), "no attempt before the backoff ran out");
        clock.advance(Duration.ofSeconds(1));
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1", "f-1:s#1"), keysSeen);
        assertEquals(Set.of("f-1:s#1"), applied);
    }

    @Test
    void attemptsRunOutIntoFailedAndTheOperatorSendsItAgain() throws Exception {
        outbox.addConnector(connector());
        answers.addAll(List.of(503, 503, 503));
        requested("f-1:s#1");
        for (int attempt = 1; attempt <= 3; attempt++) {
            int n = attempt;
            await("attempt " + n + " settled", () -> keysSeen.size() == n && !entry("f-1:s#1").status().equals("DELIVERING"));
            clock.advance(Duration.ofSeconds(30));
        }
        await("failed", () -> entry("f-1:s#1").status().equals("FAILED"));
        assertEquals(3, entry("f-1:s#1").attempts());

        assertEquals("PENDING", outbox.retry("f-1:s#1", "alice").status());
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(4, keysSeen.size());
        assertTrue(keysSeen.stream().allMatch("f-1:s#1"::equals), keysSeen::toString);
    }

    @Test
    void aRefusalFailsAtOnceAndTheOperatorMayCancelIt() throws Exception {
        outbox.addConnector(connector());
        answers.add(400);
        requested("f-1:s#1");
        await("failed", () -> entry("f-1:s#1").status().equals("FAILED"));
        assertEquals(1, entry("f-1:s#1").attempts());
        assertEquals("test-sink: sink refused the effect with 400", entry("f-1:s#1").lastError());
        assertEquals("CANCELLED", outbox.cancel("f-1:s#1", "alice").status());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> outbox.cancel("f-1:s#1", "alice"));
        assertEquals("outbound effect 'f-1:s#1' is CANCELLED; only PENDING, HELD, FAILED, DENIED can become CANCELLED",
                again.getMessage());
        assertThrows(java.util.NoSuchElementException.class, () -> outbox.retry("no-such", "alice"));
    }

    @Test
    void anEffectWaitsForItsConnectorAndGoesWhenOneArrives() throws Exception {
        requested("f-1:s#1");
        await("waiting", () -> entry("f-1:s#1").lastError().equals("waits for a connector that offers 'test.post'"));
        assertEquals("PENDING", entry("f-1:s#1").status());
        assertEquals(0, entry("f-1:s#1").attempts(), "waiting is not an attempt");
        outbox.addConnector(connector());
        clock.advance(Duration.ofSeconds(5));
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1"), keysSeen);
    }

    @Test
    void policiesDenyOrHoldAnEffectAndAReleasedOneIsNotJudgedAgain() throws Exception {
        outbox.addConnector(connector());
        outbox.addJudge(new PolicyJudge() {
            @Override
            public PolicyRuling judge(PolicySubject subject) {
                assertEquals(PolicySubject.Kind.OUTBOUND_EFFECT, subject.kind());
                return subject.stepId().equals("deny") ? new PolicyRuling(Verdict.DENY, subject.payload(), List.of())
                        : new PolicyRuling(Verdict.REQUIRE_APPROVAL, subject.payload(), List.of());
            }

            @Override
            public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
            }
        });
        write(row("f-1:deny#1", "deny", "PENDING"));
        requested("f-1:s#1");
        await("denied", () -> entry("f-1:deny#1").status().equals("DENIED"));
        await("held", () -> entry("f-1:s#1").status().equals("HELD"));
        assertTrue(keysSeen.isEmpty(), "nothing left before the operator decided");

        outbox.retry("f-1:s#1", "alice");
        await("released and delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1"), keysSeen);
    }

    @Test
    void aDeliveryCutOffByAStopIsClaimedAgainWithTheSameKeyAndAppliedOnce() throws Exception {
        outbox.addConnector(connector());
        requested("f-1:s#1");
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        // as if the platform had stopped after the far side applied it and before the outbox marked it
        store.write(new Statement("MATCH (o:OutboxEffect {key: $key}) SET o.status = 'DELIVERING', o.claimedUntil = $until",
                Map.of("key", "f-1:s#1", "until", clock.millis() + 60_000)));
        Thread.sleep(200);
        assertEquals(1, keysSeen.size(), "a claim that has not run out is left alone");
        clock.advance(Duration.ofSeconds(61));
        await("delivered again", () -> keysSeen.size() == 2 && entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1", "f-1:s#1"), keysSeen);
        assertEquals(Set.of("f-1:s#1"), applied, "the far side applied it once");
    }

    @Test
    void aRestartDeliversAtOnceWhatTheLastRunWasDelivering() throws Exception {
        outbox.deactivate();
        Map<String, Object> cutOff = row("f-1:s#1", "s", "DELIVERING");
        cutOff.put("attempts", 1);
        cutOff.put("claimedAt", clock.millis() - 1000);
        cutOff.put("claimedUntil", clock.millis() + 3_600_000);
        write(cutOff);
        outbox = new OutboxDelivery(store, clock, 20, 3, Duration.ofSeconds(30), Duration.ofSeconds(60));
        outbox.addConnector(connector());
        await("delivered long before the claim runs out", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        assertEquals(List.of("f-1:s#1"), keysSeen);
        assertEquals(2, entry("f-1:s#1").attempts());
    }

    @Test
    void healthCountsWhatWaitsForTheOperator() throws Exception {
        outbox.addConnector(connector());
        answers.add(400);
        requested("f-1:s#1");
        await("failed", () -> entry("f-1:s#1").status().equals("FAILED"));
        var health = outbox.health();
        assertEquals("1 effect(s) wait for the operator", health.message());
        assertEquals("1", health.details().get("failed"));
        assertEquals("test.post", health.details().get("connectors"));
    }

    /** A flow as the kernel journals it, with one step that asked for the given effects. */
    private void flow(String flowId, String status, String... keys) {
        store.write(new Statement("CREATE (f:FlowInstance {id: $flow, status: $status})-[:HAS_STEP]->(s:StepRun {stepId: 's'}) "
                + "WITH s UNWIND $keys AS key MATCH (o:OutboxEffect {key: key}) CREATE (s)-[:REQUESTED]->(o)",
                Map.of("flow", flowId, "status", status, "keys", List.of(keys))));
    }

    /** With a compensating connector: f-1:s#1 delivered, f-1:s#2 pending for an hour. */
    private void deliveredOneAndOneLater() throws InterruptedException {
        outbox.addConnector(connector(true));
        requested("f-1:s#1");
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        Map<String, Object> later = row("f-1:s#2", "s", "PENDING");
        later.put("nextAttemptAt", clock.millis() + 3_600_000);
        write(later);
    }

    @Test
    void aRollbackUndoesTheDeliveredEffectsAndCancelsTheOthers() throws Exception {
        deliveredOneAndOneLater();
        write(row("f-1:s#3", "s", "HELD"));
        flow("f-1", "COMPENSATED", "f-1:s#1", "f-1:s#2", "f-1:s#3");

        outbox.rolledBack("f-1");
        await("undone", () -> entry("f-1:s#1").status().equals("COMPENSATED"));
        assertEquals(List.of("f-1:s#1"), undone, "undone once, with the effect's key");
        assertTrue(applied.isEmpty(), "the far side no longer has it");
        for (String key : List.of("f-1:s#2", "f-1:s#3")) {
            assertEquals("CANCELLED", entry(key).status(), key);
            assertEquals("the flow was rolled back before this effect was delivered", entry(key).lastError());
        }
        clock.advance(Duration.ofHours(2));
        Thread.sleep(200);
        assertEquals(List.of("f-1:s#1"), keysSeen, "a cancelled effect is never delivered");
    }

    @Test
    void anEffectItsConnectorCannotUndoIsIrreversibleAndOneThatKeepsFailingWaitsForTheOperator() throws Exception {
        OutboundConnector irreversible = connector(false);
        outbox.addConnector(irreversible);
        requested("f-1:s#1");
        await("delivered", () -> entry("f-1:s#1").status().equals("DELIVERED"));
        flow("f-1", "COMPENSATED", "f-1:s#1");
        outbox.rolledBack("f-1");
        await("irreversible", () -> entry("f-1:s#1").status().equals("IRREVERSIBLE"));
        assertEquals("delivered, and connector test-sink cannot undo it", entry("f-1:s#1").lastError());
        assertTrue(undone.isEmpty());

        outbox.removeConnector(irreversible);
        outbox.addConnector(connector(true));
        requested("f-2:s#1");
        await("delivered", () -> entry("f-2:s#1").status().equals("DELIVERED"));
        answers.addAll(List.of(503, 503, 503));
        flow("f-2", "COMPENSATED", "f-2:s#1");
        outbox.rolledBack("f-2");
        for (int attempt = 1; attempt <= 3; attempt++) {
            int n = attempt;
            await("undo attempt " + n + " settled", () -> undone.size() == n && !entry("f-2:s#1").status().equals("UNDOING"));
            clock.advance(Duration.ofSeconds(30));
        }
        await("compensation failed", () -> entry("f-2:s#1").status().equals("COMPENSATION_FAILED"));
        assertEquals("undo: test-sink: sink answered 503 to the undo", entry("f-2:s#1").lastError());
        assertEquals("1 effect(s) wait for the operator", outbox.health().message());

        assertEquals("COMPENSATING", outbox.retry("f-2:s#1", "alice").status());
        await("undone after the operator's retry", () -> entry("f-2:s#1").status().equals("COMPENSATED"));
        assertEquals(List.of("f-2:s#1", "f-2:s#1", "f-2:s#1", "f-2:s#1"), undone);
    }

    @Test
    void theRollbackPreviewSaysWhatBecomesOfEachEffectAsTheRollbackThenDoes() throws Exception {
        deliveredOneAndOneLater();
        Map<String, Object> elsewhere = row("f-1:t#1", "t", "DELIVERED");
        elsewhere.put("capability", "sms.send");
        write(elsewhere);
        write(row("f-1:s#3", "s", "CANCELLED"));
        Map<String, Object> other = row("f-2:s#1", "s", "PENDING");
        other.put("flowId", "f-2");
        write(other);

        flow("f-1", "COMPLETED", "f-1:s#1", "f-1:s#2", "f-1:t#1", "f-1:s#3");
        flow("f-2", "COMPLETED", "f-2:s#1");

        Map<String, RollbackPreview.EffectUndo> preview = new java.util.HashMap<>();
        outbox.rollbackPreview("f-1").forEach(e -> preview.put(e.key(), e));
        assertEquals(java.util.Set.of("f-1:s#1", "f-1:s#2", "f-1:t#1"), preview.keySet(),
                "the flow's effects, not another flow's, and not one already cancelled");
        assertEquals(EffectAction.COMPENSATE, preview.get("f-1:s#1").action());
        assertEquals("undone by connector test-sink", preview.get("f-1:s#1").note());
        assertEquals(EffectAction.CANCEL, preview.get("f-1:s#2").action());
        assertEquals(EffectAction.IRREVERSIBLE, preview.get("f-1:t#1").action());
        assertEquals("no connector offers 'sms.send' now; the rollback waits for one to undo it",
                preview.get("f-1:t#1").note());
        assertTrue(outbox.rollbackPreview("f-9").isEmpty());

        // the rollback does what the preview said
        outbox.rolledBack("f-1");
        await("undone", () -> entry("f-1:s#1").status().equals("COMPENSATED"));
        assertEquals("CANCELLED", entry("f-1:s#2").status());
        await("waiting for a connector to undo it, as the preview said", () -> entry("f-1:t#1").status().equals("COMPENSATING")
                && entry("f-1:t#1").lastError().equals("waits for a connector that offers 'sms.send' to undo it"));

        // a connector that cannot undo: irreversible before, and after the rollback
        outbox.addConnector(new OutboundConnector() {
            @Override
            public ConnectorDescriptor descriptor() {
                return new ConnectorDescriptor("sms", "test", ConnectorDescriptor.Direction.OUTBOUND, List.of("sms.send"),
                        false);
            }

            @Override
            public EffectReceipt deliver(Effect effect) {
                throw new UnsupportedOperationException();
            }
        });
        assertEquals(List.of("f-1:t#1"), outbox.rollbackPreview("f-1").stream().map(RollbackPreview.EffectUndo::key).toList(),
                "the compensated and the cancelled effects are done");
        assertEquals("delivered, and connector sms cannot undo it", outbox.rollbackPreview("f-1").get(0).note());
    }

    @Test
    void aRollbackTheLastRunDidNotHearOfIsFoundAtTheNextStart() throws Exception {
        outbox.deactivate();
        Map<String, Object> delivered = row("f-1:s#1", "s", "DELIVERED");
        delivered.put("externalId", "sink-f-1:s#1");
        delivered.put("deliveredAt", clock.millis());
        write(delivered);
        write(row("f-1:s#2", "s", "FAILED"));
        flow("f-1", "COMPENSATED", "f-1:s#1", "f-1:s#2");
        outbox = new OutboxDelivery(store, clock, 20, 3, Duration.ofSeconds(30), Duration.ofSeconds(60));
        outbox.addConnector(connector(true));
        clock.advance(Duration.ofSeconds(5)); // in case the first look came before the connector
        await("undone", () -> entry("f-1:s#1").status().equals("COMPENSATED"));
        assertEquals("CANCELLED", entry("f-1:s#2").status());
        assertEquals(List.of("f-1:s#1"), undone);
    }
}

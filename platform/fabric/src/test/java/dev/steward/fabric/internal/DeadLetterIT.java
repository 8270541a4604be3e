package dev.steward.fabric.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.spi.store.Statement;

/** The exceptions inbox with real routes, Camel's redelivery and a real Neo4j. */
class DeadLetterIT {

    private static final String ORDERS = "direct:orders";

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    private final AtomicBoolean targetDown = new AtomicBoolean(true);
    private final List<Long> attempts = new CopyOnWriteArrayList<>();
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProducerTemplate producer;
    private DeadLetters inbox;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "IdempotencyKey", "DeadLetter");
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() throws Exception {
        testStore.clear();
        camel = new DefaultCamelContext();
        camel.addRoutes(new DeadLetterRoutes(testStore.store(), null));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // what a connector route declares: Camel's redelivery with backoff, then the fabric's inbox
                errorHandler(deadLetterChannel(DeadLetterRoutes.ENDPOINT).useOriginalMessage()
                        .maximumRedeliveries(2).redeliveryDelay(100).useExponentialBackOff().backOffMultiplier(3));
                from(ORDERS).routeId("orders")
                        .setBody(simple("changed ${body}"))
                        .process(exchange -> {
                            attempts.add(System.nanoTime());
                            if (targetDown.get()) {
                                throw new IllegalStateException("target system unavailable");
                            }
                            delivered.add(exchange.getMessage().getBody(String.class) + " id=" + exchange.getMessage().getHeader("id"));
                        });
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
        inbox = new DeadLetters(new DeadLetterStore(testStore.store()), camel, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        inbox.deactivate();
        camel.stop();
    }

    private void sendOrder(String body, String id) {
        producer.sendBodyAndHeaders(ORDERS, body, Map.of("id", id, "Authorization", "Bearer s3cr3t",
                "X-Api-Token", "t0k3n", "X-Signing-Key", "k3y"));
    }

    @Test
    void aMessageThatKeepsFailingIsRedeliveredWithBackoffThenLandsInTheInbox() {
        sendOrder("order 1", "o-1");

        assertEquals(3, attempts.size(), "the first delivery and 2 redeliveries");
        long firstGap = (attempts.get(1) - attempts.get(0)) / 1_000_000;
        long secondGap = (attempts.get(2) - attempts.get(1)) / 1_000_000;
        assertTrue(firstGap >= 90, "first redelivery after ~100 ms, was " + firstGap);
        assertTrue(secondGap >= 270, "second redelivery after ~300 ms (exponential), was " + secondGap);

        List<DeadLetter> open = inbox.list(DeadLetter.Status.OPEN, 10);
        assertEquals(1, open.size());
        DeadLetter letter = open.get(0);
        assertEquals("orders", letter.route());
        assertEquals("direct://orders", letter.endpoint(), "the normalised URI the message came in through");
        assertEquals("order 1", letter.payload(), "the original message, not the changed one");
        assertEquals("target system unavailable", letter.reason());
        assertEquals(IllegalStateException.class.getName(), letter.exceptionType());
        assertEquals(Map.of("id", "o-1"), letter.headers(), "secret headers are never stored");
        assertEquals(DeadLetter.Status.OPEN, letter.status());
        assertNull(letter.replayedAt());

        String stored = testStore.store().read(dev.steward.spi.store.Statement.of(
                "MATCH (d:DeadLetter) RETURN d.headers AS h")).get(0).get("h").toString();
        assertFalse(stored.contains("s3cr3t") || stored.contains("t0k3n") || stored.contains("k3y"), stored);
    }

    @Test
    void listsNewestFirstByStatus() throws InterruptedException {
        sendOrder("order 1", "o-1");
        Thread.sleep(5);
        sendOrder("order 2", "o-2");
        List<DeadLetter> open = inbox.list(DeadLetter.Status.OPEN, 10);
        assertEquals(List.of("order 2", "order 1"), open.stream().map(DeadLetter::payload).toList());
        assertEquals(1, inbox.list(DeadLetter.Status.OPEN, 1).size());
        assertTrue(inbox.list(DeadLetter.Status.REPLAYED, 10).isEmpty());
        assertEquals(2, inbox.list(null, 10).size());
    }

    @Test
    void aReplayThatFailsKeepsTheLetterOpenWithTheNewReasonAndAddsNoOther() {
        sendOrder("order 1", "o-1");
        String id = inbox.list(DeadLetter.Status.OPEN, 10).get(0).id();

        assertEquals(DeadLetters.Replay.FAILED, inbox.replay(id));

        List<DeadLetter> all = inbox.list(null, 10);
        assertEquals(1, all.size());
        assertEquals(DeadLetter.Status.OPEN, all.get(0).status());
        assertEquals("target system unavailable", all.get(0).reason());
        assertEquals(6, attempts.size(), "the replay got its own redeliveries");
        assertEquals(List.of(Map.of("failures", 1L)), testStore.store().read(dev.steward.spi.store.Statement.of(
                "MATCH (d:DeadLetter) RETURN d.replayFailures AS failures")), "one failed replay, counted once");
    }

    @Test
    void aLetterAReplayLeftReplayingIsOpenAgainOnceItIsClearlyStuckAndOnlyThen() {
        sendOrder("order 1", "o-1");
        sendOrder("order 2", "o-2");
        List<DeadLetter> open = inbox.list(DeadLetter.Status.OPEN, 10);
        long old = System.currentTimeMillis() - DeadLetters.STUCK_AFTER.toMillis() - 60_000;
        testStore.store().write(new dev.steward.spi.store.Statement("MATCH (d:DeadLetter {id: $id}) "
                + "SET d.status = 'REPLAYING', d.statusChangedAt = $at", Map.of("id", open.get(0).id(), "at", old)));
        testStore.store().write(new dev.steward.spi.store.Statement("MATCH (d:DeadLetter {id: $id}) "
                + "SET d.status = 'REPLAYING', d.statusChangedAt = timestamp()", Map.of("id", open.get(1).id())));

        assertEquals(1, inbox.releaseStuck(), "a platform stopped mid-replay left the first; the second may be replaying now");
        DeadLetter released = inbox.list(DeadLetter.Status.OPEN, 10).get(0);
        assertEquals(open.get(0).id(), released.id());
        assertEquals("replay interrupted: the platform stopped while it ran; replay it again", released.reason());
        assertEquals(1, inbox.list(DeadLetter.Status.REPLAYING, 10).size());
        assertEquals(0, inbox.releaseStuck());
    }

    @Test
    void aReplayAfterTheFixDeliversTheMessageAndMarksItReplayed() {
        sendOrder("order 1", "o-1");
        String id = inbox.list(DeadLetter.Status.OPEN, 10).get(0).id();
        targetDown.set(false);

        assertEquals(DeadLetters.Replay.REPLAYED, inbox.replay(id));

        assertEquals(List.of("changed order 1 id=o-1"), delivered);
        DeadLetter letter = inbox.list(DeadLetter.Status.REPLAYED, 10).get(0);
        assertEquals(id, letter.id());
        assertNotNull(letter.replayedAt());
        assertEquals(DeadLetters.Replay.NOT_OPEN, inbox.replay(id), "a replayed letter is not sent twice");
        assertEquals(1, delivered.size());
    }

    @Test
    void replayAllOfARouteAndDiscard() {
        sendOrder("order 1", "o-1");
        sendOrder("order 2", "o-2");
        sendOrder("order 3", "o-3");
        String discarded = inbox.list(DeadLetter.Status.OPEN, 10).get(0).id();
        long before = System.currentTimeMillis();
        assertTrue(inbox.discard(discarded));
        assertFalse(inbox.discard(discarded));
        Object discardedAt = testStore.store().read(new Statement("MATCH (d:DeadLetter {id: $id}) RETURN d.discardedAt AS at",
                Map.of("id", discarded))).get(0).get("at");
        assertTrue(((Number) discardedAt).longValue() >= before, "when it was discarded is kept (the operator's metrics)");
        targetDown.set(false);

        assertEquals(2, inbox.replayAll("orders"));

        assertEquals(List.of("changed order 1 id=o-1", "changed order 2 id=o-2"), delivered);
        assertEquals(2, inbox.list(DeadLetter.Status.REPLAYED, 10).size());
        assertEquals(List.of(discarded), inbox.list(DeadLetter.Status.DISCARDED, 10).stream().map(DeadLetter::id).toList());
        assertEquals(DeadLetters.Replay.NOT_OPEN, inbox.replay(discarded));
        assertEquals(0, inbox.replayAll("orders"));
    }

    @Test
    void theApiServiceShowsLettersAndRefusesUnknownOrClosedOnes() {
        ExceptionsInbox api = new DeadLetterViews(inbox, inbox.store());
        sendOrder("order 1", "o-1");
        sendOrder("order 2", "o-2");
        List<DeadLetterView> open = api.list("open", 10);
        assertEquals(2, open.size());
        DeadLetterView first = open.get(1);
        assertEquals("orders", first.route());
        assertEquals("OPEN", first.status());
        assertEquals("o-1", first.headers().get("id"));
        assertFalse(first.headers().containsKey("Authorization"), "secret headers are not kept");
        assertEquals(0, first.failedReplays());
        assertEquals(first, api.find(first.id()).orElseThrow());
        assertTrue(api.find("nope").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> api.list("LOST", 10));
        assertThrows(IllegalArgumentException.class, () -> api.replay("nope"));
        assertThrows(IllegalArgumentException.class, () -> api.discard("nope"));

        DeadLetterView failed = api.replay(first.id());
        assertEquals("OPEN", failed.status());
        assertEquals(1, failed.failedReplays());

        targetDown.set(false);
        DeadLetterView replayed = api.replay(first.id());
        assertEquals("REPLAYED", replayed.status());
        assertNotNull(replayed.replayedAt());
        assertThrows(IllegalStateException.class, () -> api.replay(first.id()));
        assertThrows(IllegalStateException.class, () -> api.discard(first.id()));

        assertEquals("DISCARDED", api.discard(open.get(0).id()).status());
        assertEquals(0, api.replayAll("orders"));
        assertEquals(1, api.list(null, 1).size());
    }
}

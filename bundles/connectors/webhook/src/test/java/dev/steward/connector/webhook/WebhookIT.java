package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.fabric.internal.DeadLetterRoutes;
import dev.steward.fabric.internal.DeadLetterViews;
import dev.steward.fabric.internal.DeadLetters;
import dev.steward.fabric.internal.Neo4jIdempotentRepository;
import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * The inbound hook on the fabric it runs on in the platform: the durable idempotent repository and the exceptions
 * inbox on a real Neo4j, camel-netty-http on loopback. A delivery is not processed again by a restarted context,
 * and one whose flow could not start is held in the inbox, with its reason, and starts the flow when replayed.
 */
@Timeout(180)
class WebhookIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    private final KeyedFlows flows = new KeyedFlows();
    private HookSettings hook;
    private DefaultCamelContext camel;

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
        hook = Hooks.hook("crm", Hooks.freePort(), new HmacSignature(Hooks.SECRET, "X-Signature-256"), 4096);
        startContext();
    }

    private void startContext() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new DeadLetterRoutes(testStore.store(), null));
        camel.addRoutes(new WebhookRoutes(hook, flows.service,
                name -> new Neo4jIdempotentRepository(testStore.store(), name, Duration.ofDays(30), Clock.systemUTC())));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aDeliveryIsNotProcessedAgainAfterARestart() throws Exception {
        assertEquals(202, Hooks.signed(hook, "{\"lead\":\"ada@example.org\"}", "crm-1").statusCode());
        EmbeddedTestStore.await("the delivery remembered", Duration.ofSeconds(30), () -> new Neo4jIdempotentRepository(
                testStore.store(), "webhook-crm", Duration.ofDays(30), Clock.systemUTC()).contains("crm-1"));
        camel.stop();
        startContext();
        assertEquals(200, Hooks.signed(hook, "{\"lead\":\"ada@example.org\"}", "crm-1").statusCode());
        assertEquals(List.of("webhook-crm:crm-1"), flows.startCalls, "the kernel was asked once");
    }

    @Test
    void aFailedStartIsHeldInTheInboxWithItsReasonAndReplayedAfterTheFix() throws Exception {
        flows.failure = new IllegalStateException("store unavailable (scripted)");
        assertEquals(202, Hooks.signed(hook, "{\"lead\":\"bob@example.org\"}", "crm-2").statusCode());
        ExceptionsInbox inbox = new DeadLetterViews(new DeadLetters(testStore.store(), camel));
        List<DeadLetterView> letters = inbox.list(null, 10);
        assertEquals(1, letters.size());
        DeadLetterView letter = letters.get(0);
        assertEquals("steward-connector-webhook-crm-accepted", letter.route());
        assertEquals("store unavailable (scripted)", letter.reason());
        assertEquals("{\"lead\":\"bob@example.org\"}", letter.payload());
        assertEquals("crm-2", letter.headers().get(DeliveryGate.DELIVERY));
        assertEquals("direct://steward-connector-webhook-crm-accepted", letter.endpoint());
        assertTrue(flows.byKey.isEmpty());

        flows.failure = null;
        assertEquals("REPLAYED", inbox.replay(letter.id()).status());
        assertEquals(1, flows.byKey.size());
        assertTrue(flows.byKey.containsKey("webhook-crm:crm-2"));
        assertEquals(200, Hooks.signed(hook, "{\"lead\":\"bob@example.org\"}", "crm-2").statusCode(), "now a duplicate");
    }
}

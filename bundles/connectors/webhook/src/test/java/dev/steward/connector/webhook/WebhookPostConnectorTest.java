package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;

/**
 * The outbound connector's route in a real CamelContext, POSTing through camel-netty-http to a JDK HTTP server on
 * loopback: a sink that answers as scripted and keeps each idempotency key's delivery once.
 */
@Timeout(120)
class WebhookPostConnectorTest {

    /** A receiver that deduplicates by Idempotency-Key; answers come from the script, then 200. */
    static final class Sink {
        final HttpServer server;
        final List<String> requestKeys = new CopyOnWriteArrayList<>();
        final Map<String, String> delivered = new ConcurrentHashMap<>();
        final BlockingQueue<Integer> script = new LinkedBlockingQueue<>();
        volatile int always;

        Sink() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hooks/", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requestKeys.add(String.valueOf(key));
            Integer scripted = script.poll();
            int status = scripted != null ? scripted : always != 0 ? always : 200;
            if (status == 200 && key != null) {
                delivered.putIfAbsent(key, body);
            }
            byte[] answer = (status == 200 ? "{\"ok\":true}" : status == 400 ? "{\"error\":\"field amount is required\"}" : "busy")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + path;
        }
    }

    private Sink sink;
    private DefaultCamelContext camel;
    private WebhookPostConnector connector;

    @BeforeEach
    void start() throws Exception {
        sink = new Sink();
        startConnector(new PostSettings(List.of(sink.url("")), Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
                Duration.ofMillis(20), 50, 4, Duration.ofSeconds(60)));
    }

    private void startConnector(PostSettings settings) throws Exception {
        if (camel != null) {
            camel.stop();
        }
        connector = new WebhookPostConnector(settings);
        camel = new DefaultCamelContext();
        camel.addRoutes(connector);
        camel.start();
    }

    @AfterEach
    void stop() {
        connector.deactivate();
        assertEquals(null, camel.getRegistry().lookupByName(WebhookPostConnector.BREAKER), "the breaker is unbound");
        camel.stop();
        sink.server.stop(0);
    }

    private static Effect post(String url, String key) {
        return new Effect("webhook.post", Map.of("url", url, "body", Map.of("invoice", "INV-7", "amount", 120)),
                new IdempotencyKey(key));
    }

    @Test
    void postsTheBodyAsJsonWithTheIdempotencyKey() throws Exception {
        EffectReceipt receipt = connector.deliver(post(sink.url("crm"), "flow-1:notify"));
        assertEquals("flow-1:notify", receipt.externalId());
        assertEquals(200, receipt.details().get("status"));
        assertEquals(List.of("flow-1:notify"), sink.requestKeys);
        assertEquals(Map.of("invoice", "INV-7", "amount", 120),
                DeliveryGate.JSON.readValue(sink.delivered.get("flow-1:notify"), Map.class));
        assertEquals(HealthState.UP, connector.health().state());
    }

    @Test
    void a503IsRetriedWithTheSameKeyAndDeliveredOnce() throws Exception {
        sink.script.add(503);
        sink.script.add(503);
        connector.deliver(post(sink.url("crm"), "flow-2:notify"));
        assertEquals(List.of("flow-2:notify", "flow-2:notify", "flow-2:notify"), sink.requestKeys);
        assertEquals(Set.of("flow-2:notify"), sink.delivered.keySet());

        // the step retried by the kernel later: the same key, and the sink keeps its first delivery
        connector.deliver(post(sink.url("crm"), "flow-2:notify"));
        assertEquals(1, sink.delivered.size());
    }

    @Test
    void a400IsAPermanentFailureAndNotRetried() {
        sink.script.add(400);
        PermanentStepFailure refused = assertThrows(PermanentStepFailure.class,
                () -> connector.deliver(post(sink.url("crm"), "flow-3:notify")));
        assertTrue(refused.getMessage().contains("400: {\"error\":\"field amount is required\"}"), refused.getMessage());
        assertEquals(1, sink.requestKeys.size());
        assertTrue(sink.delivered.isEmpty());
        assertEquals(CircuitBreaker.State.CLOSED, connector.breakerState(), "a refusal does not count against the receiver");
    }

    @Test
    void retriesStopAfterTheConfiguredAttemptsOnAConnectionError() throws Exception {
        String closed = "http://127.0.0.1:" + Hooks.freePort() + "/hooks/gone";
        startConnector(new PostSettings(List.of(closed.substring(0, closed.indexOf("/hooks/") + 1)), Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ofMillis(10), 100, 50, Duration.ofSeconds(60)));
        Exception failed = assertThrows(IllegalStateException.class, () -> connector.deliver(post(closed, "flow-4:notify")));
        assertTrue(failed.getMessage().startsWith("webhook.post to 127.0.0.1 failed"), failed.getMessage());
        assertEquals("3", connector.health().details().get("calls"), "one call and two retries, each through the breaker");
        assertEquals("3", connector.health().details().get("failedCalls"));
    }

    @Test
    void theBreakerOpensAfterRepeatedFailuresAndThenFailsFast() throws Exception {
        startConnector(new PostSettings(List.of(sink.url("")), Duration.ofSeconds(2), Duration.ofSeconds(2), 0,
                Duration.ofMillis(10), 50, 4, Duration.ofSeconds(60)));
        sink.always = 503;
        for (int i = 0; i < 4; i++) {
            int n = i;
            assertThrows(IllegalStateException.class, () -> connector.deliver(post(sink.url("crm"), "flow-5:" + n)));
        }
        assertEquals(CircuitBreaker.State.OPEN, connector.breakerState());
        int seen = sink.requestKeys.size();
        IllegalStateException fast = assertThrows(IllegalStateException.class,
                () -> connector.deliver(post(sink.url("crm"), "flow-5:late")));
        assertTrue(fast.getMessage().startsWith("webhook.post circuit breaker is open"), fast.getMessage());
        assertEquals(seen, sink.requestKeys.size(), "no request while open");
        Health health = connector.health();
        assertEquals(HealthState.DEGRADED, health.state());
        assertEquals("OPEN", health.details().get("breaker"));
        assertEquals("1", health.details().get("notPermittedCalls"));
    }

    @Test
    void aUrlOutsideTheAllowedPrefixesOrWithAQueryIsRefusedWithoutARequest() {
        PermanentStepFailure outside = assertThrows(PermanentStepFailure.class,
                () -> connector.deliver(post("http://127.0.0.2:9/other", "flow-6:a")));
        assertTrue(outside.getMessage().contains("is not allowed"), outside.getMessage());
        assertThrows(PermanentStepFailure.class, () -> connector.deliver(post(sink.url("crm?token=x"), "flow-6:b")));
        assertThrows(PermanentStepFailure.class, () -> connector.deliver(new Effect("webhook.post", Map.of(), new IdempotencyKey("k"))));
        assertThrows(PermanentStepFailure.class, () -> connector.deliver(new Effect("mail.send", Map.of(), new IdempotencyKey("k"))));
        assertTrue(sink.requestKeys.isEmpty());
    }
}

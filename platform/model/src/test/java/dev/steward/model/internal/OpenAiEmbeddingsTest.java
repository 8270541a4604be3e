package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.steward.api.model.EmbeddingResponse;

/** The embeddings client against a local HTTP server speaking the OpenAI protocol, its errors included. */
class OpenAiEmbeddingsTest {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
    HttpServer server;
    final AtomicReference<HttpHandler> handler = new AtomicReference<>();
    final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    final AtomicReference<String> lastAuth = new AtomicReference<>();
    OpenAiEmbeddings client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", exchange -> {
            lastAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastRequest.set(new ObjectMapper().readTree(exchange.getRequestBody()));
            handler.get().handle(exchange);
        });
        server.start();
        client = client(() -> "sk-test", Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OpenAiEmbeddings client(java.util.function.Supplier<String> key, Duration timeout) {
        return new OpenAiEmbeddings(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/"), key,
                timeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static HttpHandler answer(int status, String body, Map<String, String> headers) {
        return exchange -> {
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        };
    }

    @Test
    void embedsTextsInTheOrderOfTheirIndexAndSendsTheProtocolsRequest() throws Exception {
        handler.set(answer(200, """
                {"object":"list","model":"all-minilm-l6-v2","usage":{"prompt_tokens":3,"total_tokens":3},
                 "data":[{"object":"embedding","index":1,"embedding":[0.5,-1]},
                         {"object":"embedding","index":0,"embedding":[1,2.25]}]}""", Map.of()));
        EmbeddingResponse r = client.embed(List.of("first", "second"), "all-minilm-l6-v2");
        assertEquals("all-minilm-l6-v2", r.model());
        assertArrayEquals(new float[] {1f, 2.25f}, r.vectors().get(0).values());
        assertArrayEquals(new float[] {0.5f, -1f}, r.vectors().get(1).values());
        JsonNode sent = lastRequest.get();
        assertEquals("all-minilm-l6-v2", sent.get("model").asText());
        assertEquals("first", sent.get("input").get(0).asText());
        assertEquals("float", sent.get("encoding_format").asText());
        assertEquals("Bearer sk-test", lastAuth.get());
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        handler.set(answer(200, "{\"data\":[{\"index\":0,\"embedding\":[1]}]}", Map.of()));
        EmbeddingResponse r = client(() -> null, Duration.ofSeconds(2)).embed(List.of("x"), "m");
        assertEquals("m", r.model(), "the requested model when the server does not name one");
        assertEquals(null, lastAuth.get());
    }

    @Test
    void rateLimitedCarriesRetryAfterInSecondsOrAsADate() {
        handler.set(answer(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}",
                Map.of("Retry-After", "7")));
        ModelFailure f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"));
        assertEquals(ModelFailure.Kind.RATE_LIMITED, f.kind());
        assertEquals(Duration.ofSeconds(7), f.retryAfter().orElseThrow());
        assertTrue(f.transientFailure());
        assertTrue(f.getMessage().contains("429") && f.getMessage().contains("Rate limit reached"), f.getMessage());

        handler.set(answer(429, "", Map.of("Retry-After", "Mon, 30 Nov 2026 08:01:30 GMT")));
        f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"));
        assertEquals(Duration.ofSeconds(90), f.retryAfter().orElseThrow());

        handler.set(answer(429, "", Map.of()));
        f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"));
        assertFalse(f.retryAfter().isPresent());
    }

    @Test
    void serverErrorsAreUnavailableAndClientErrorsRejected() {
        handler.set(answer(503, "{\"error\":\"model loading\"}", Map.of()));
        ModelFailure f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"));
        assertEquals(ModelFailure.Kind.UNAVAILABLE, f.kind());
        assertTrue(f.getMessage().endsWith("answered 503: model loading"), f.getMessage());

        handler.set(answer(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}", Map.of()));
        f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"));
        assertEquals(ModelFailure.Kind.REJECTED, f.kind());
        assertFalse(f.transientFailure());
        assertTrue(f.getMessage().contains("check api.key.ref"), f.getMessage());
        assertFalse(f.getMessage().contains("sk-test"), "the key is never in a message");
    }

    @Test
    void aSlowServerIsATimeout() {
        handler.set(exchange -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(200, "{\"data\":[]}", Map.of()).handle(exchange);
        });
        long t0 = System.nanoTime();
        ModelFailure f = assertThrows(ModelFailure.class,
                () -> client(() -> null, Duration.ofMillis(300)).embed(List.of("x"), "m"));
        assertEquals(ModelFailure.Kind.TIMEOUT, f.kind());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1400, "bounded by the timeout");
    }

    @Test
    void aClosedPortIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        OpenAiEmbeddings nowhere = new OpenAiEmbeddings(URI.create("http://127.0.0.1:" + port + "/v1"), () -> null,
                Duration.ofSeconds(1), Clock.systemUTC());
        ModelFailure f = assertThrows(ModelFailure.class, () -> nowhere.embed(List.of("x"), "m"));
        assertEquals(ModelFailure.Kind.UNAVAILABLE, f.kind());
    }

    @Test
    void malformedBodiesAreNamed() {
        Map<String, String> bodies = Map.of(
                "not json at all", "not JSON",
                "{\"object\":\"list\"}", "no 'data' array",
                "{\"data\":[]}", "0 embeddings for 1 texts",
                "{\"data\":[{\"index\":0,\"embedding\":\"AAAA\"}]}", "base64 is not supported",
                "{\"data\":[{\"index\":0,\"embedding\":[1,\"x\"]}]}", "component 1 is not a finite number",
                "{\"data\":[{\"index\":3,\"embedding\":[1]}]}", "bad or repeated index 3");
        for (var e : bodies.entrySet()) {
            handler.set(answer(200, e.getKey(), Map.of()));
            ModelFailure f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x"), "m"), e.getKey());
            assertEquals(ModelFailure.Kind.MALFORMED, f.kind());
            assertTrue(f.getMessage().contains(e.getValue()), f.getMessage());
        }
        handler.set(answer(200, "{\"data\":[{\"index\":0,\"embedding\":[1,2]},{\"index\":1,\"embedding\":[1]}]}", Map.of()));
        ModelFailure f = assertThrows(ModelFailure.class, () -> client.embed(List.of("x", "y"), "m"));
        assertTrue(f.getMessage().contains("dimensions"), f.getMessage());
    }
}

package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.steward.api.memory.Provenance;
import dev.steward.model.internal.OpenAiModelBackend;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * Content marked {@code sensitive=true} never reaches a remote embedding backend: the platform's OpenAI-compatible
 * backend pointed at a protocol-faithful server on 127.0.0.2 (a loopback address the settings do not count as this
 * machine's model host, so the backend is remote) receives every other text, and none of the sensitive ones, neither
 * at write time nor from the backfill.
 */
class SensitiveContentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Provenance NOTE = new Provenance("user", "olivia", null, null);

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    static HttpServer remote;
    static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Episode");
        remote = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        remote.createContext("/v1/embeddings", SensitiveContentIT::embeddings);
        remote.start();
    }

    @AfterAll
    static void stop() {
        remote.stop(0);
        neo4j.close();
    }

    /** {@code POST /v1/embeddings} as OpenAI answers it: one 384-d vector per input, in order. */
    private static void embeddings(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        List<Map<String, Object>> data = new ArrayList<>();
        JsonNode input = request.get("input");
        List<String> texts = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(t -> texts.add(t.asText()));
        } else {
            texts.add(input.asText());
        }
        for (int i = 0; i < texts.size(); i++) {
            received.add(texts.get(i));
            float[] v = new float[Embedder.DIMENSIONS];
            v[Math.abs(texts.get(i).hashCode()) % v.length] = 1f;
            data.add(Map.of("object", "embedding", "index", i, "embedding", v));
        }
        byte[] body = JSON.writeValueAsBytes(Map.of("object", "list", "data", data, "model", "remote-model",
                "usage", Map.of("prompt_tokens", 1, "total_tokens", 1)));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static OpenAiModelBackend remoteBackend() {
        Map<String, Object> values = Map.of("mode", "external",
                "url", "http://127.0.0.2:" + remote.getAddress().getPort() + "/v1", "model", "remote-model");
        return new OpenAiModelBackend((OpenAiModelBackend.Config) Proxy.newProxyInstance(
                SensitiveContentIT.class.getClassLoader(), new Class<?>[] {OpenAiModelBackend.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue())));
    }

    @Test
    void sensitiveEpisodesAreNeverSentToARemoteBackendAtWriteTimeOrByTheBackfill() throws Exception {
        OpenAiModelBackend backend = remoteBackend();
        assertFalse(backend.descriptor().local(), "the test's backend counts as remote");
        Neo4jKnowledgeBank bank = new Neo4jKnowledgeBank(neo4j.store());
        bank.embedWith(backend);
        bank.recordEpisode("note", "Lunch with Ann on Friday", Instant.now(), null, NOTE, null);
        bank.recordEpisode("note", "Ann's diagnosis came back", Instant.now(), Map.of("sensitive", "true"), NOTE, null);

        assertEquals(List.of("Lunch with Ann on Friday"), received, "only the ordinary episode reached the remote model");
        Map<String, Object> held = neo4j.store().read(new Statement("MATCH (e:Episode) WHERE e.`meta.sensitive` = 'true' "
                + "RETURN e.embedPending AS pending, e.embedding IS NULL AS plain", Map.of())).get(0);
        assertEquals(Boolean.TRUE, held.get("pending"), "kept for a local backend, should one come");
        assertEquals(Boolean.TRUE, held.get("plain"));

        bank.embedWith(null); // the backend was away: an ordinary episode waits for the backfill too
        bank.recordEpisode("note", "Invoice 42 paid", Instant.now(), null, NOTE, null);
        EmbeddingBackfill backfill = new EmbeddingBackfill(neo4j.store(), 10, 5, backend);
        assertEquals(1, backfill.run(), "the backfill embeds the ordinary episode only");
        assertEquals(List.of("Lunch with Ann on Friday", "Invoice 42 paid"), received);
        assertTrue(received.stream().noneMatch(t -> t.contains("diagnosis")));
        assertEquals(0, backfill.run(), "and leaves the sensitive one waiting");
    }
}

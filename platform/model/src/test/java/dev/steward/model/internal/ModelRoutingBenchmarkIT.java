package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelTier;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * Routing overhead per model call (opt-in: {@code -Dsteward.bench=true}, calls per round
 * {@code -Dsteward.bench.calls}, default 1,000): the chat backend called directly, then through the router (journal
 * lookup, the backend, the journal's record) with a new key per call, then a key already answered (the journal
 * alone), against a local server that answers at once (with TCP_NODELAY), and the journal on the real embedded
 * Neo4j. Three rounds, each kind of call after 200 warm-up calls.
 */
@EnabledIfSystemProperty(named = "steward.bench", matches = "true")
@Timeout(1800)
class ModelRoutingBenchmarkIT {

    @TempDir
    static Path data;

    @Test
    void routingOverheadPerCall() throws Exception {
        int calls = Integer.getInteger("steward.bench.calls", 1_000);
        // the JDK's server otherwise answers a kept-alive request ~40 ms late (Nagle against the client's delayed ACK),
        // which a real endpoint does not: read before the first server of this JVM is made
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] answer = "{\"model\":\"m\",\"choices\":[{\"message\":{\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2}}"
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        try (EmbeddedTestStore store = new EmbeddedTestStore(data, "ModelCall")) {
            Map<String, String> config = new HashMap<>(Map.of("id", "bench", "url", "http://127.0.0.1:"
                    + server.getAddress().getPort() + "/v1", "cheap", "small", "premium", ""));
            OpenAiChatBackend backend = new OpenAiChatBackend(ChatSettings.from(OpenAiChatTest.config(config)),
                    Clock.systemUTC());
            ModelRouter router = new ModelRouter(store.store(), RoutingSettings.from(Map.of()), Clock.systemUTC());
            router.addBackend(backend);
            ChatRequest request = new ChatRequest(List.of(ChatMessage.user("Classify: buy 10 licences")),
                    ModelTier.CHEAP, null, Duration.ofSeconds(10), false);
            ModelCallKey answered = new ModelCallKey("bench", "reuse", "bench", "bench.classify", "label");
            router.chat(answered, request);
            int[] next = {0};
            for (int round = 1; round <= 3; round++) {
                double[] direct = time(calls, () -> backend.chat(request));
                double[] routed = time(calls, () -> router.chat(new ModelCallKey("bench", "s" + next[0]++, "bench",
                        "bench.classify", "label"), request));
                double[] reused = time(calls, () -> router.chat(answered, request));
                System.out.printf("bench: round %d, %d calls each: backend directly p50 %.2f ms, p99 %.2f ms; through the"
                        + " router, new key p50 %.2f ms, p99 %.2f ms (overhead p50 %.2f ms); answered from the journal"
                        + " p50 %.2f ms, p99 %.2f ms%n", round, calls, direct[0], direct[1], routed[0], routed[1],
                        routed[0] - direct[0], reused[0], reused[1]);
            }
            assertEquals(3L * (calls + 200) + 1, router.calls("bench").size());
            router.deactivate();
        } finally {
            server.stop(0);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    /** p50 and p99 in milliseconds of {@code calls} calls, after 200 unmeasured ones. */
    private static double[] time(int calls, Call call) throws Exception {
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[calls / 2], ms[(int) Math.ceil(calls * 0.99) - 1]};
    }
}

package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.ToolCall;
import dev.steward.api.model.ToolSpec;
import dev.steward.store.testing.EmbeddedTestStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The router with real chat backends, each on its own local server speaking the OpenAI protocol, and its journal on
 * a real Neo4j: routing by tier and sensitivity, fallback, timeouts, and answers reused instead of paid twice.
 */
@Timeout(180)
class ModelRouterIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private ModelRouter router;

    /** A local chat completions server whose answer a test sets, counting what it was asked. */
    static final class Endpoint {
        final HttpServer server;
        final AtomicReference<HttpHandler> handler = new AtomicReference<>();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicReference<JsonNode> last = new AtomicReference<>();

        Endpoint() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/chat/completions", exchange -> {
                requests.incrementAndGet();
                last.set(new ObjectMapper().readTree(exchange.getRequestBody()));
                handler.get().handle(exchange);
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a hanging answer blocks no other
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        }

        void answers(String content, int promptTokens, int completionTokens) {
            handler.set(OpenAiChatTest.answer(200, "{\"model\":\"served\",\"choices\":[{\"message\":{\"content\":"
                    + new ObjectMapper().valueToTree(content) + "}}],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + completionTokens + "}}", Map.of()));
        }
    }

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "ModelCall");
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void clear() {
        testStore.clear();
    }

    @AfterEach
    void stopServers() {
        endpoints.values().forEach(e -> e.server.stop(0));
        if (router != null) {
            router.deactivate();
        }
    }

    /** A chat backend on a new local server: id, then config values (cheap/standard/premium models, local). */
    private Endpoint backend(String id, String... values) throws IOException {
        Endpoint endpoint = new Endpoint();
        endpoints.put(id, endpoint);
        Map<String, String> config = new HashMap<>(Map.of("id", id, "url", endpoint.url(), "cheap", "", "premium", ""));
        for (int i = 0; i < values.length; i += 2) {
            config.put(values[i], values[i + 1]);
        }
        router.addBackend(new OpenAiChatBackend(ChatSettings.from(OpenAiChatTest.config(config)), Clock.systemUTC()));
        return endpoint;
    }

    private void router(Map<String, Object> routing) {
        router = new ModelRouter(testStore.store(), RoutingSettings.from(routing), Clock.systemUTC());
    }

    private static ModelCallKey key(String flow, String step, String name) {
        return new ModelCallKey(flow, step, "writer", "draft.reply", name);
    }

    private static ChatRequest ask(ModelTier tier, boolean sensitive) {
        return new ChatRequest(List.of(ChatMessage.user("Draft a reply to ACME")), tier, null, Duration.ofSeconds(5),
                sensitive);
    }

    @Test
    void anAnsweredCallIsReusedOnRetryAndResumeWithoutAskingAgain() throws Exception {
        router(Map.of());
        Endpoint cloud = backend("cloud", "standard", "std-1", "price.standard", "1/2");
        cloud.answers("Dear ACME, ...", 1000, 500);

        ChatResponse first = router.chat(key("f-1", "draft", "reply"), ask(ModelTier.STANDARD, false));
        assertEquals("Dear ACME, ...", first.content());
        assertEquals(0, new BigDecimal("0.002").compareTo(first.costUsd()), first.costUsd().toPlainString());
        assertEquals(1, cloud.requests.get());

        // the step is retried, or the platform restarted and the flow resumed: a new router over the same journal
        router.deactivate();
        router(Map.of());
        ModelRouter resumed = router;
        cloud.answers("A different, second answer", 10, 10);
        ChatResponse again = resumed.chat(key("f-1", "draft", "reply"), ask(ModelTier.STANDARD, false));
        assertEquals("Dear ACME, ...", again.content(), "the recorded answer, not a new one");
        assertEquals(first.costUsd(), again.costUsd());
        assertEquals(1, cloud.requests.get(), "the model was not called again");

        resumed.addBackend(new OpenAiChatBackend(ChatSettings.from(OpenAiChatTest.config(Map.of("id", "cloud", "url",
                cloud.url(), "cheap", "", "premium", "", "standard", "std-1"))), Clock.systemUTC()));
        ChatResponse other = resumed.chat(key("f-1", "draft", "reply-2"), ask(ModelTier.STANDARD, false));
        assertEquals("A different, second answer", other.content(), "another call of the step is its own call");
        assertEquals(2, cloud.requests.get());

        List<ModelCallRecord> calls = resumed.calls("f-1");
        assertEquals(2, calls.size());
        ModelCallRecord reply = calls.stream().filter(c -> c.key().name().equals("reply")).findFirst().orElseThrow();
        assertEquals("ANSWERED", reply.outcome());
        assertEquals("cloud", reply.backend());
        assertEquals("served", reply.model());
        assertEquals(ModelTier.STANDARD, reply.tier());
        assertEquals(1000, reply.promptTokens());
        assertEquals(1, reply.reused());
        assertEquals("writer", reply.key().agentId());
    }

    @Test
    void toolCallsAreJournaledWithTheAnswer() throws Exception {
        router(Map.of());
        Endpoint cloud = backend("cloud", "cheap", "small");
        cloud.handler.set(OpenAiChatTest.answer(200, """
                {"choices":[{"message":{"content":null,"tool_calls":[{"id":"call_9","type":"function",
                  "function":{"name":"lookup","arguments":"{\\"q\\":\\"ACME\\"}"}}]}}]}""", Map.of()));
        ChatRequest withTool = new ChatRequest(List.of(ChatMessage.user("Who is ACME?")), ModelTier.CHEAP, null,
                Duration.ofSeconds(5), false, List.of(new ToolSpec("lookup", "Looks up", "{\"type\":\"object\"}")));
        ChatResponse first = router.chat(key("f-t", "plan", "lookup"), withTool);
        ChatResponse reused = router.chat(key("f-t", "plan", "lookup"), withTool);
        assertEquals(List.of(new ToolCall("call_9", "lookup", "{\"q\":\"ACME\"}")), reused.toolCalls());
        assertEquals(first.toolCalls(), reused.toolCalls());
        assertEquals(1, cloud.requests.get());
    }

    @Test
    void aFailingBackendIsFollowedByTheNextInTheConfiguredOrder() throws Exception {
        router(Map.of("backends", "primary, secondary"));
        Endpoint secondary = backend("secondary", "cheap", "s-small");
        Endpoint primary = backend("primary", "cheap", "p-small");
        primary.handler.set(OpenAiChatTest.answer(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));
        secondary.answers("from the secondary", 5, 5);

        ChatResponse answer = router.chat(key("f-2", "classify", "label"), ask(ModelTier.CHEAP, false));
        assertEquals("from the secondary", answer.content());
        assertEquals(1, primary.requests.get(), "the configured first backend was tried first (retry.max 0: once)");
        ModelCallRecord call = router.calls("f-2").get(0);
        assertEquals("secondary", call.backend());
        assertEquals(1, call.failures().size());
        assertTrue(call.failures().get(0).startsWith("primary: UNAVAILABLE"), call.failures().get(0));
    }

    @Test
    void aShortRateLimitIsWaitedForOnceAndALongOneMovesOn() throws Exception {
        router(Map.of("backends", "primary,secondary", "retry.after.max.ms", "1500"));
        Endpoint primary = backend("primary", "cheap", "p");
        Endpoint secondary = backend("secondary", "cheap", "s");
        AtomicInteger seen = new AtomicInteger();
        primary.handler.set(exchange -> {
            if (seen.getAndIncrement() == 0) {
                OpenAiChatTest.answer(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "1"))
                        .handle(exchange);
            } else {
                OpenAiChatTest.answer(200, "{\"choices\":[{\"message\":{\"content\":\"after the wait\"}}]}", Map.of())
                        .handle(exchange);
            }
        });
        secondary.answers("secondary", 1, 1);
        assertEquals("after the wait", router.chat(key("f-3", "s", "a"), ask(ModelTier.CHEAP, false)).content());
        assertEquals(2, primary.requests.get());
        assertEquals(0, secondary.requests.get());

        primary.handler.set(OpenAiChatTest.answer(429, "{}", Map.of("Retry-After", "60")));
        assertEquals("secondary", router.chat(key("f-3", "s", "b"), ask(ModelTier.CHEAP, false)).content());
        assertEquals(3, primary.requests.get(), "asked to wait a minute: not waited for");
    }

    @Test
    void tiersComeFromTheAgentOrCapabilityAndSensitiveCallsStayLocal() throws Exception {
        router(Map.of("tier.capability.draft.reply", "premium", "tier.agent.classifier", "cheap"));
        Endpoint local = backend("local", "cheap", "llama-small", "local", "true");
        Endpoint remote = backend("remote", "cheap", "gpt-small", "premium", "gpt-large", "local", "false");
        local.answers("local answer", 1, 1);
        remote.answers("remote answer", 1, 1);

        assertEquals("remote answer", router.chat(key("f-4", "d", "x"), ask(ModelTier.CHEAP, false)).content());
        assertEquals("gpt-large", remote.last.get().get("model").asText(), "the capability's tier: premium");
        assertEquals(ModelTier.PREMIUM, router.calls("f-4").get(0).tier());

        ModelCallKey classifier = new ModelCallKey("f-4", "c", "classifier", "draft.reply", "label");
        assertEquals("local answer", router.chat(classifier, ask(ModelTier.PREMIUM, false)).content(),
                "the agent's tier (cheap) wins over the capability's; local comes first by id");

        ModelCallException e = assertThrows(ModelCallException.class,
                () -> router.chat(key("f-4", "d", "private"), ask(ModelTier.PREMIUM, true)));
        assertTrue(e.getMessage().contains("no chat backend serves the premium tier locally"), e.getMessage());
        assertFalse(e.transientFailure());
        assertEquals(1, remote.requests.get(), "the sensitive request never reached the remote backend");
        ModelCallRecord failed = router.calls("f-4").stream().filter(c -> c.key().name().equals("private"))
                .findFirst().orElseThrow();
        assertEquals("FAILED", failed.outcome());
    }

    @Test
    void aHangingBackendTimesOutAndTheFailureIsJournaledThenAnsweredOnRetry() throws Exception {
        router(Map.of("timeout.max.ms", "400"));
        Endpoint slow = backend("slow", "cheap", "m");
        slow.handler.set(exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            OpenAiChatTest.answer(200, "{}", Map.of()).handle(exchange);
        });
        ModelCallException e = assertThrows(ModelCallException.class,
                () -> router.chat(key("f-5", "s", "a"), ask(ModelTier.CHEAP, false)));
        assertTrue(e.transientFailure(), e.getMessage());
        assertTrue(e.getMessage().contains("TIMEOUT"), e.getMessage());
        assertEquals("FAILED", router.calls("f-5").get(0).outcome());

        slow.answers("in time", 1, 1);
        assertEquals("in time", router.chat(key("f-5", "s", "a"), ask(ModelTier.CHEAP, false)).content());
        ModelCallRecord call = router.calls("f-5").get(0);
        assertEquals("ANSWERED", call.outcome());
        assertEquals(1, call.failures().size(), "the earlier failure stays on the record");
    }

    private static final String LABEL_SCHEMA = """
            {"type":"object","required":["label"],"properties":{"label":{"enum":["lead","spam"]}},
             "additionalProperties":false}""";

    private static ChatRequest classify() {
        return new ChatRequest(List.of(ChatMessage.user("Classify: buy 10 licences")), ModelTier.CHEAP, LABEL_SCHEMA,
                Duration.ofSeconds(5), false);
    }

    /** Answers the given contents in turn, the last one from then on. */
    private static HttpHandler inTurn(AtomicInteger seen, String... contents) {
        return exchange -> {
            String content = contents[Math.min(seen.getAndIncrement(), contents.length - 1)];
            OpenAiChatTest.answer(200, "{\"choices\":[{\"message\":{\"content\":"
                    + new ObjectMapper().valueToTree(content) + "}}]}", Map.of()).handle(exchange);
        };
    }

    @Test
    void garbageIsAskedForAgainWithinTheBoundThenTheCallFailsNamingTheBackendAndTheProblem() throws Exception {
        router(Map.of("retry.max", "2", "retry.backoff.ms", "0", "answer.shape.check", "true"));
        Endpoint flaky = backend("flaky", "cheap", "m");
        flaky.handler.set(inTurn(new AtomicInteger(), "label: lead", "{\"label\":\"lead\"}"));
        assertEquals("{\"label\":\"lead\"}", router.chat(key("f-6", "q", "a"), classify()).content());
        assertEquals(2, flaky.requests.get(), "not JSON: asked again, then answered");
        assertEquals(List.of(), router.calls("f-6").get(0).failures(), "a retry that answered is no failure");

        flaky.handler.set(inTurn(new AtomicInteger(), "{\"label\":\"maybe\"}", "{\"steps\":[]}", "[]"));
        ModelCallException e = assertThrows(ModelCallException.class,
                () -> router.chat(key("f-6", "q", "b"), classify()));
        assertEquals(5, flaky.requests.get(), "retry.max = 2: three attempts in all, no more");
        assertFalse(e.transientFailure(), "garbage is not a passing outage: the step fails for good");
        assertEquals(1, e.failures().size());
        String failure = e.failures().get(0);
        assertTrue(failure.startsWith("flaky: MALFORMED "), failure);
        assertTrue(failure.endsWith("does not match the JSON Schema asked for: $ is an array, not object (3 attempts)"),
                failure);
        assertTrue(e.getMessage().contains(failure), e.getMessage());
        assertEquals("FAILED", router.calls("f-6").get(1).outcome());
    }

    @Test
    void aServerErrorOrARateLimitWithoutAWaitIsAskedAgainThenTheNextBackend() throws Exception {
        router(Map.of("backends", "primary,secondary", "retry.max", "1", "retry.backoff.ms", "10"));
        Endpoint primary = backend("primary", "cheap", "p");
        Endpoint secondary = backend("secondary", "cheap", "s");
        AtomicInteger seen = new AtomicInteger();
        primary.handler.set(exchange -> {
            if (seen.getAndIncrement() == 0) {
                OpenAiChatTest.answer(502, "{}", Map.of()).handle(exchange);
            } else {
                primary.answers("second time lucky", 1, 1);
                primary.handler.get().handle(exchange);
            }
        });
        secondary.answers("secondary", 1, 1);
        assertEquals("second time lucky", router.chat(key("f-7", "s", "a"), ask(ModelTier.CHEAP, false)).content());
        assertEquals(0, secondary.requests.get());

        primary.handler.set(OpenAiChatTest.answer(429, "{}", Map.of()));
        assertEquals("secondary", router.chat(key("f-7", "s", "b"), ask(ModelTier.CHEAP, false)).content());
        assertEquals(4, primary.requests.get(), "a 429 without Retry-After: asked again once after the backoff");
        assertTrue(router.calls("f-7").get(1).failures().get(0).contains("RATE_LIMITED"));
    }

    @Test
    void everyCallIsCountedPerBackendAndTierInThePlatformsRegistry() throws Exception {
        router(Map.of("retry.max", "1", "retry.backoff.ms", "0"));
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        router.addMeterRegistry(prometheus);
        Endpoint cloud = backend("cloud", "cheap", "m", "price.cheap", "1/2");
        AtomicInteger seen = new AtomicInteger();
        cloud.handler.set(exchange -> {
            if (seen.getAndIncrement() == 0) {
                OpenAiChatTest.answer(200, "not json", Map.of()).handle(exchange);
            } else {
                cloud.answers("fine", 1000, 500);
                cloud.handler.get().handle(exchange);
            }
        });
        router.chat(key("f-8", "s", "a"), ask(ModelTier.CHEAP, false));
        router.chat(key("f-8", "s", "a"), ask(ModelTier.CHEAP, false));
        assertThrows(ModelCallException.class, () -> router.chat(key("f-8", "s", "b"), ask(ModelTier.PREMIUM, false)));

        String text = prometheus.scrape();
        assertTrue(text.contains("steward_model_calls_total{backend=\"cloud\",outcome=\"answered\",tier=\"cheap\"} 1.0"),
                text);
        assertTrue(text.contains("steward_model_calls_total{backend=\"none\",outcome=\"failed\",tier=\"premium\"} 1.0"),
                text);
        assertTrue(text.contains("steward_model_failures_total{backend=\"cloud\",kind=\"malformed\",tier=\"cheap\"} 1.0"),
                text);
        assertTrue(text.contains("steward_model_tokens_total{backend=\"cloud\",direction=\"prompt\",tier=\"cheap\"} 1000.0"),
                text);
        assertTrue(text.contains(
                "steward_model_tokens_total{backend=\"cloud\",direction=\"completion\",tier=\"cheap\"} 500.0"), text);
        assertTrue(text.contains("steward_model_cost_usd_total{backend=\"cloud\",tier=\"cheap\"} 0.002"), text);
        assertTrue(text.contains("steward_model_latency_seconds_count{backend=\"cloud\",tier=\"cheap\"} 1"), text);
        assertTrue(text.contains("steward_model_reused_total{tier=\"cheap\"} 1.0"), text);
        router.removeMeterRegistry(prometheus);
        prometheus.close();
    }
}

package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.ToolCall;
import dev.steward.api.model.ToolSpec;

/**
 * The chat backend against a local HTTP server speaking the OpenAI chat completions protocol: JSON-schema answers,
 * tool calls, usage and cost, and the protocol's failures (429 with Retry-After, 5xx, 4xx, timeouts, malformed
 * bodies).
 */
@Timeout(60)
class OpenAiChatTest {

    private static final String PLAN_SCHEMA = """
            {"type":"object","properties":{"steps":{"type":"array","items":{"type":"string"}}},
             "required":["steps"],"additionalProperties":false}""";

    private HttpServer server;
    private final AtomicReference<HttpHandler> handler = new AtomicReference<>();
    private final AtomicReference<JsonNode> lastRequest = new AtomicReference<>();
    private final AtomicReference<String> lastAuth = new AtomicReference<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            lastAuth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastRequest.set(new ObjectMapper().readTree(exchange.getRequestBody()));
            handler.get().handle(exchange);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private OpenAiChatBackend backend(Map<String, String> values) {
        return new OpenAiChatBackend(ChatSettings.from(config(values)), java.time.Clock.systemUTC());
    }

    private OpenAiChatBackend backend() {
        return backend(Map.of());
    }

    static OpenAiChatBackend.Config config(Map<String, String> values) {
        return new OpenAiChatBackend.Config() {
            String v(String key, String fallback) {
                return values.getOrDefault(key, fallback);
            }

            @Override public Class<? extends Annotation> annotationType() { return OpenAiChatBackend.Config.class; }
            @Override public String id() { return v("id", "test"); }
            @Override public String url() { return v("url", ""); }
            @Override public String api_key_ref() { return v("key", ""); }
            @Override public String model_cheap() { return v("cheap", "small-1"); }
            @Override public String model_standard() { return v("standard", ""); }
            @Override public String model_premium() { return v("premium", "large-2"); }
            @Override public String price_cheap() { return v("price.cheap", "0.15/0.60"); }
            @Override public String price_standard() { return v("price.standard", "0/0"); }
            @Override public String price_premium() { return v("price.premium", "2.50/10"); }
            @Override public String local() { return v("local", "auto"); }
            @Override public long connect_timeout_ms() { return 2_000; }
        };
    }

    private Map<String, String> at(String... more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("url", url()));
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return values;
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

    private static ChatRequest ask(ModelTier tier, String schema, List<ToolSpec> tools, boolean sensitive) {
        return new ChatRequest(List.of(ChatMessage.system("You plan work."), ChatMessage.user("Invoice ACME")), tier,
                schema, Duration.ofSeconds(5), sensitive, tools);
    }

    @Test
    void aJsonSchemaAnswerIsSentAsResponseFormatAndCostedFromItsUsage() throws Exception {
        handler.set(answer(200, """
                {"id":"chatcmpl-1","object":"chat.completion","model":"small-1-2026-01",
                 "choices":[{"index":0,"finish_reason":"stop",
                             "message":{"role":"assistant","content":"{\\"steps\\":[\\"draft\\",\\"send\\"]}"}}],
                 "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500}}""", Map.of()));
        ChatResponse r = backend(at("key", "env:STEWARD_TEST_NO_SUCH_KEY")).chat(ask(ModelTier.CHEAP, PLAN_SCHEMA, null,
                false));

        assertEquals("{\"steps\":[\"draft\",\"send\"]}", r.content());
        assertEquals("small-1-2026-01", r.model(), "the model the server says answered");
        assertEquals(1200, r.promptTokens());
        assertEquals(300, r.completionTokens());
        // 1200 * 0.15 / 1e6 + 300 * 0.60 / 1e6
        assertEquals(0, new BigDecimal("0.00036").compareTo(r.costUsd()), r.costUsd().toPlainString());
        assertTrue(r.toolCalls().isEmpty());
        assertFalse(r.latency().isNegative());

        JsonNode sent = lastRequest.get();
        assertEquals("small-1", sent.get("model").asText(), "the cheap tier's model");
        assertEquals("system", sent.at("/messages/0/role").asText());
        assertEquals("Invoice ACME", sent.at("/messages/1/content").asText());
        assertEquals("json_schema", sent.at("/response_format/type").asText());
        assertTrue(sent.at("/response_format/json_schema/strict").asBoolean());
        assertEquals("array", sent.at("/response_format/json_schema/schema/properties/steps/type").asText(),
                "the schema goes as JSON, not as a string");
        assertNull(lastAuth.get(), "no key configured (the variable is unset): no Authorization header");
    }

    @Test
    void toolCallsComeBackAndTheConversationGoesOnWithTheirResults() throws Exception {
        ToolSpec lookup = new ToolSpec("lookup_client", "Finds a client by name",
                "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
        handler.set(answer(200, """
                {"model":"large-2","choices":[{"index":0,"finish_reason":"tool_calls",
                  "message":{"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"lookup_client","arguments":"{\\"name\\":\\"ACME\\"}"}}]}}],
                 "usage":{"prompt_tokens":80,"completion_tokens":20}}""", Map.of()));
        OpenAiChatBackend backend = backend(at());
        ChatResponse first = backend.chat(ask(ModelTier.PREMIUM, null, List.of(lookup), false));

        assertEquals(List.of(new ToolCall("call_1", "lookup_client", "{\"name\":\"ACME\"}")), first.toolCalls());
        assertEquals("", first.content());
        JsonNode sent = lastRequest.get();
        assertEquals("large-2", sent.get("model").asText());
        assertEquals("function", sent.at("/tools/0/type").asText());
        assertEquals("lookup_client", sent.at("/tools/0/function/name").asText());
        assertEquals("string", sent.at("/tools/0/function/parameters/properties/name/type").asText());
        assertTrue(sent.path("response_format").isMissingNode());

        handler.set(answer(200, """
                {"model":"large-2","choices":[{"index":0,"finish_reason":"stop",
                  "message":{"role":"assistant","content":"ACME is client 42."}}]}""", Map.of()));
        ChatResponse second = backend.chat(new ChatRequest(List.of(ChatMessage.user("Who is ACME?"),
                ChatMessage.assistant("", first.toolCalls()), ChatMessage.tool("call_1", "{\"id\":42}")),
                ModelTier.PREMIUM, null, Duration.ofSeconds(5), false, List.of(lookup)));
        assertEquals("ACME is client 42.", second.content());
        assertEquals(0, second.promptTokens(), "no usage reported: zero, not a failure");
        sent = lastRequest.get();
        assertEquals("call_1", sent.at("/messages/1/tool_calls/0/id").asText());
        assertEquals("{\"name\":\"ACME\"}", sent.at("/messages/1/tool_calls/0/function/arguments").asText());
        assertEquals("tool", sent.at("/messages/2/role").asText());
        assertEquals("call_1", sent.at("/messages/2/tool_call_id").asText());
    }

    @Test
    void rateLimitsServerErrorsAndRefusalsAreSortedForTheCaller() {
        OpenAiChatBackend backend = backend(at());
        handler.set(answer(429, "{\"error\":{\"message\":\"Rate limit reached for small-1\"}}",
                Map.of("Retry-After", "3")));
        ModelFailure f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, null, null, false)));
        assertEquals(ModelFailure.Kind.RATE_LIMITED, f.kind());
        assertEquals(Duration.ofSeconds(3), f.retryAfter().orElseThrow());
        assertTrue(f.getMessage().contains("/v1/chat/completions answered 429"), f.getMessage());

        handler.set(answer(502, "<html>Bad gateway</html>", Map.of()));
        f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, null, null, false)));
        assertEquals(ModelFailure.Kind.UNAVAILABLE, f.kind());
        assertTrue(f.transientFailure());

        handler.set(answer(400, "{\"error\":{\"message\":\"Invalid schema for response_format\"}}", Map.of()));
        f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, PLAN_SCHEMA, null, false)));
        assertEquals(ModelFailure.Kind.REJECTED, f.kind());
        assertTrue(f.getMessage().endsWith("answered 400: Invalid schema for response_format"), f.getMessage());

        handler.set(answer(200, """
                {"choices":[{"message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}""",
                Map.of()));
        f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, null, null, false)));
        assertEquals(ModelFailure.Kind.REJECTED, f.kind());
        assertTrue(f.getMessage().contains("the model refused: I can't help with that."), f.getMessage());
    }

    @Test
    void aSlowServerIsATimeoutWithinTheRequestsOwnTimeout() {
        handler.set(exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(200, "{}", Map.of()).handle(exchange);
        });
        ChatRequest quick = new ChatRequest(List.of(ChatMessage.user("hi")), ModelTier.CHEAP, null,
                Duration.ofMillis(300), false);
        ModelFailure f = assertThrows(ModelFailure.class, () -> backend(at()).chat(quick));
        assertEquals(ModelFailure.Kind.TIMEOUT, f.kind());
        assertTrue(f.getMessage().contains("within 300 ms"), f.getMessage());
    }

    @Test
    void malformedAnswersAreRefusedWithWhatIsWrong() {
        OpenAiChatBackend backend = backend(at());
        Map<String, String> bodies = Map.of(
                "not JSON", "choices: none",
                "no choices[0].message", "{\"choices\":[]}",
                "neither content nor tool calls", "{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}",
                "lacks its id, function name or arguments",
                "{\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"c\",\"function\":{\"arguments\":\"{}\"}}]}}]}");
        bodies.forEach((why, body) -> {
            handler.set(answer(200, body, Map.of()));
            ModelFailure f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, null, null, false)));
            assertEquals(ModelFailure.Kind.MALFORMED, f.kind(), why);
            assertTrue(f.getMessage().contains(why), f.getMessage());
        });

        handler.set(answer(200, """
                {"choices":[{"finish_reason":"length","message":{"content":"{\\"steps\\":[\\"dra"}}]}""", Map.of()));
        ModelFailure f = assertThrows(ModelFailure.class, () -> backend.chat(ask(ModelTier.CHEAP, PLAN_SCHEMA, null,
                false)));
        assertEquals(ModelFailure.Kind.MALFORMED, f.kind());
        assertTrue(f.getMessage().contains("not a JSON document (cut off: finish_reason length)"), f.getMessage());

    }

    @Test
    void sensitiveRequestsNeverLeaveForARemoteBackendAndUnservedTiersAreRefused() throws Exception {
        handler.set(answer(200, "{\"choices\":[{\"message\":{\"content\":\"ok\"}}]}", Map.of()));
        OpenAiChatBackend remote = backend(at("local", "false"));
        assertFalse(remote.descriptor().local());
        ModelFailure f = assertThrows(ModelFailure.class, () -> remote.chat(ask(ModelTier.CHEAP, null, null, true)));
        assertEquals(ModelFailure.Kind.REJECTED, f.kind());
        assertTrue(f.getMessage().contains("sensitive data: nothing was sent"), f.getMessage());
        assertEquals(0, requests.get(), "no request reached the server");

        f = assertThrows(ModelFailure.class, () -> remote.chat(ask(ModelTier.STANDARD, null, null, false)));
        assertTrue(f.getMessage().contains("serves no standard model"), f.getMessage());
        assertEquals(0, requests.get());

        OpenAiChatBackend loopback = backend(at());
        assertTrue(loopback.descriptor().local(), "a loopback endpoint is local (local = auto)");
        assertEquals("ok", loopback.chat(ask(ModelTier.CHEAP, null, null, true)).content());
        assertEquals(1, requests.get());
    }

    @Test
    void badSettingsAreRefusedNamingTheKeyAndNeverTheSecret() {
        Map<String, String> cases = Map.of(
                "url", "ftp://models.example.org",
                "key", "sk-live-123456",
                "price.cheap", "0.15",
                "local", "maybe",
                "id", "Has Spaces");
        cases.forEach((key, value) -> {
            Map<String, String> values = new java.util.HashMap<>(at());
            values.put(key, value);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChatSettings.from(config(values)));
            assertFalse(e.getMessage().contains("sk-live-123456"), e.getMessage());
        });
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ChatSettings.from(config(Map.of("url", url(), "cheap", "", "premium", ""))));
        assertTrue(none.getMessage().contains("at least one of model.cheap"), none.getMessage());
        ChatSettings s = ChatSettings.from(config(Map.of("url", "https://api.openai.com/v1")));
        assertFalse(s.local(), "a hosted endpoint is remote");
        assertEquals(List.of(ModelTier.CHEAP, ModelTier.PREMIUM), List.copyOf(s.models().keySet()));
    }
}

package dev.steward.agent.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;
import dev.steward.memory.internal.ExtractiveSummarizer;
import dev.steward.memory.internal.InMemoryWorkingMemory;
import dev.steward.memory.internal.Neo4jKnowledgeBank;
import dev.steward.memory.internal.Neo4jSessionHistory;
import dev.steward.memory.internal.TieredMemory;
import dev.steward.model.internal.ModelRouter;
import dev.steward.model.testing.LocalChat;
import dev.steward.store.testing.EmbeddedTestStore;

/** The research agent over the real memory tiers on a real Neo4j (fulltext search: no embedding backend here). */
@Timeout(180)
class ResearchAgentIT {

    private static final Provenance MAIL = new Provenance("connector", "mail", null, null);
    private static final String FLOW = "f-research";

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;
    private static ResearchAgent agent;
    private static TieredMemory memory;
    private static InMemoryWorkingMemory working;
    private static Episode promise;
    private static Turn question;

    @BeforeAll
    static void start() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "Session", "Turn");
        Neo4jKnowledgeBank bank = new Neo4jKnowledgeBank(testStore.store());
        working = new InMemoryWorkingMemory(bank, new InMemoryWorkingMemory.Config() {
            @Override public Class<? extends Annotation> annotationType() { return InMemoryWorkingMemory.Config.class; }
            @Override public int max_entries_per_flow() { return 64; }
            @Override public int max_chars_per_flow() { return 100_000; }
            @Override public int max_flows() { return 100; }
        });
        Neo4jSessionHistory sessions = new Neo4jSessionHistory(testStore.store(), new Neo4jSessionHistory.Config() {
            @Override public Class<? extends Annotation> annotationType() { return Neo4jSessionHistory.Config.class; }
            @Override public int window() { return 50; }
            @Override public String turn_retention() { return "P3650D"; }
            @Override public int summary_max_chars() { return 2_000; }
            @Override public String summarizer() { return "extractive"; }
            @Override public String upkeep_interval() { return "PT1H"; }
        });
        memory = new TieredMemory(working, sessions, bank);
        agent = new ResearchAgent(memory, new ExtractiveSummarizer(), config(true), null);

        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@acme.example", null, MAIL);
        promise = bank.recordEpisode("email", "Ann Lee promised to pay the Acme invoice by Friday. She thanked us.",
                Instant.parse("2026-11-20T09:00:00Z"), Map.of("client", "acme"), MAIL, List.of(ann.id()));
        bank.recordEpisode("note", "The office plants need water.", Instant.parse("2026-11-21T09:00:00Z"), Map.of(),
                MAIL, List.of());
        question = sessions.append("thread-9", "client", "When will the Acme invoice reminder go out?",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of(), MAIL);
        working.put(FLOW, "goal", "Decide whether to send the Acme invoice reminder today.");
    }

    /** The agent's settings: the model brief on or off, other values the defaults. */
    static ResearchAgent.Config config(boolean modelBrief) {
        return new ResearchAgent.Config() {
            @Override public Class<? extends Annotation> annotationType() { return ResearchAgent.Config.class; }
            @Override public boolean model_brief() { return modelBrief; }
            @Override public boolean model_remote() { return false; }
            @Override public long model_timeout_ms() { return 5_000; }
        };
    }

    @AfterAll
    static void stop() {
        testStore.close();
    }

    private static AgentResult research(Map<String, Object> input) throws Exception {
        return agent.execute(new AgentRequest(ResearchAgent.CAPABILITY, input, IdempotencyKey.of(FLOW, "research"),
                FLOW, "research"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(AgentResult r, String key) {
        return (List<Map<String, Object>>) r.output().get(key);
    }

    @Test
    void gathersEveryTierAndBriefsItWithCitations() throws Exception {
        AgentResult r = research(Map.of("question", "Acme invoice", "sessionId", "thread-9"));

        List<String> citations = (List<String>) (List<?>) r.output().get("citations");
        assertTrue(citations.containsAll(List.of(FLOW + "/goal", question.id(), promise.id())), citations.toString());
        assertTrue(list(r, "items").stream().noneMatch(i -> i.get("text").toString().contains("plants")),
                "what does not match the question is not gathered");
        List<Map<String, Object>> brief = list(r, "brief");
        assertTrue(!brief.isEmpty());
        for (Map<String, Object> sentence : brief) {
            assertTrue(citations.contains(sentence.get("citation")), "every sentence cites a gathered item: " + sentence);
        }
        assertTrue(brief.stream().anyMatch(s -> s.get("citation").equals(promise.id())
                && s.get("text").equals("Ann Lee promised to pay the Acme invoice by Friday.")), brief.toString());
        assertEquals(0.8, r.confidence());
        assertEquals(r.output(), research(Map.of("question", "Acme invoice", "sessionId", "thread-9")).output(),
                "the same memory gives the same brief");
    }

    @Test
    void nothingFoundIsSaidAndBadInputFailsNamingTheField() throws Exception {
        AgentResult none = agent.execute(new AgentRequest(ResearchAgent.CAPABILITY, Map.of("question", "zeppelin"),
                IdempotencyKey.of("f-other", "r"), "f-other", "r"));
        assertEquals(List.of(), list(none, "brief"));
        assertEquals(0.2, none.confidence());
        assertEquals("memory holds nothing on this question", none.rationale());

        PermanentStepFailure f = assertThrows(PermanentStepFailure.class, () -> research(Map.of("sessionId", "x")));
        assertTrue(f.getMessage().contains("question is required"), f.getMessage());
        f = assertThrows(PermanentStepFailure.class, () -> research(Map.of("question", "q", "maxChars", -3)));
        assertTrue(f.getMessage().contains("maxChars must be a positive whole number"), f.getMessage());
    }

    // ---- the brief written by a chat model, through the real router and chat backend, journaled on the real store

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> content = new AtomicReference<>();

    /** A local chat completions server that answers {@link #content} and counts the requests it was sent. */
    private String chatServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"model\":\"brief-1\",\"choices\":[{\"message\":{\"content\":"
                    + new ObjectMapper().writeValueAsString(content.get())
                    + "}}],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":60}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The platform's router on the real store, with one chat backend on the local server (loopback: local). */
    private static ModelRouter router(String url, Map<String, Object> routing) {
        return LocalChat.router(testStore.store(), routing,
                LocalChat.backend("local-chat", url, ModelTier.CHEAP, "small", "1/2"));
    }

    private static AgentResult research(Models models, String flow) throws Exception {
        return new ResearchAgent(memory, new ExtractiveSummarizer(), config(true), models).execute(new AgentRequest(
                ResearchAgent.CAPABILITY, Map.of("question", "Acme invoice", "sessionId", "thread-9"),
                IdempotencyKey.of(flow, "research"), flow, "research"));
    }

    @Test
    void theModelWritesTheBriefOnceAndARetriedOrResumedStepReusesItsJournaledAnswer() throws Exception {
        String url = chatServer();
        content.set("{\"brief\":[{\"citation\":\"" + promise.id() + "\",\"text\":\"Ann Lee will pay by Friday.\"}]}");
        ModelRouter router = router(url, Map.of());
        // the step's agent crashes after the model answered (and the answer was journaled), before it returns
        Models crashing = new Models() {
            @Override
            public ChatResponse chat(ModelCallKey key, ChatRequest request) throws ModelCallException {
                router.chat(key, request);
                throw new IllegalStateException("the node died after the model answered");
            }

            @Override
            public List<ModelCallRecord> calls(String flowInstanceId) {
                return router.calls(flowInstanceId);
            }
        };
        assertThrows(IllegalStateException.class, () -> research(crashing, "f-model"));
        assertEquals(1, requests.get());

        content.set("{\"brief\":[{\"citation\":\"" + promise.id() + "\",\"text\":\"A second, paid answer.\"}]}");
        AgentResult retried = research(router, "f-model");
        assertEquals(List.of(Map.of("citation", promise.id(), "text", "Ann Lee will pay by Friday.")),
                list(retried, "brief"), "the retry got the journaled answer");
        assertTrue(retried.rationale().endsWith("a brief of 1 sentence written by model brief-1"), retried.rationale());
        assertEquals(0, new java.math.BigDecimal("0.00102").compareTo(retried.costUsd()), "900 * 1 + 60 * 2 per million");

        // the platform restarted and the flow resumed: a new router over the same journal
        AgentResult resumed = research(router(url, Map.of()), "f-model");
        assertEquals(retried.output(), resumed.output());
        assertEquals(1, requests.get(), "the model server saw exactly one request");
        List<ModelCallRecord> calls = router.calls("f-model");
        assertEquals(1, calls.size());
        assertEquals("f-model/research/brief", calls.get(0).key().value());
        assertEquals("research", calls.get(0).key().agentId());
        assertEquals(2, calls.get(0).reused());

        AgentResult other = research(router, "f-model-2");
        assertEquals("A second, paid answer.", list(other, "brief").get(0).get("text"), "another step pays its own call");
        assertEquals(2, requests.get());
    }

    @Test
    void garbageOrNoModelFallsBackToTheExtractiveBriefAndTheRationaleSaysWhy() throws Exception {
        String url = chatServer();
        List<Map<String, Object>> extractive = list(research(null, "f-none"), "brief");

        content.set("Sure! Here is your brief: Ann pays Friday.");
        AgentResult garbage = research(router(url, Map.of("retry.max", "1", "retry.backoff.ms", "0")), "f-garbage");
        assertEquals(2, requests.get(), "not JSON: asked once more, no more");
        assertEquals(extractive, list(garbage, "brief"));
        assertTrue(garbage.rationale().contains("by the extractive summarizer (no model answered: local-chat: MALFORMED "),
                garbage.rationale());
        assertTrue(garbage.rationale().contains("not a JSON document (2 attempts))"), garbage.rationale());
        assertEquals(java.math.BigDecimal.ZERO, garbage.costUsd());

        content.set("{\"brief\":[{\"citation\":\"ep-made-up\",\"text\":\"Acme went bankrupt.\"}]}");
        AgentResult invented = research(router(url, Map.of()), "f-invented");
        assertEquals(extractive, list(invented, "brief"));
        assertTrue(invented.rationale().endsWith("(the model's brief cites 'ep-made-up', which was not gathered)"),
                invented.rationale());

        AgentResult unconfigured = research(new ModelRouter(testStore.store(), Map.of()), "f-unconfigured");
        assertEquals(extractive, list(unconfigured, "brief"));
        assertTrue(unconfigured.rationale().endsWith("(no model answered: no chat backend serves the cheap tier locally"
                + " (the request is sensitive))"), unconfigured.rationale());
        assertFalse(list(research(null, "f-none"), "brief").isEmpty());
        assertTrue(research(null, "f-none").rationale().endsWith("(no model router is running)"));
    }
}

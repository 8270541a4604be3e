package dev.steward.agent.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;
import dev.steward.memory.internal.ExtractiveSummarizer;
import dev.steward.memory.internal.InMemoryWorkingMemory;
import dev.steward.memory.internal.Neo4jKnowledgeBank;
import dev.steward.memory.internal.Neo4jSessionHistory;
import dev.steward.memory.internal.TieredMemory;
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
        agent = new ResearchAgent(new TieredMemory(working, sessions, bank), new ExtractiveSummarizer());

        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@acme.example", null, MAIL);
        promise = bank.recordEpisode("email", "Ann Lee promised to pay the Acme invoice by Friday. She thanked us.",
                Instant.parse("2026-11-20T09:00:00Z"), Map.of("client", "acme"), MAIL, List.of(ann.id()));
        bank.recordEpisode("note", "The office plants need water.", Instant.parse("2026-11-21T09:00:00Z"), Map.of(),
                MAIL, List.of());
        question = sessions.append("thread-9", "client", "When will the Acme invoice reminder go out?",
                Instant.parse("2026-11-25T09:00:00Z"), Map.of(), MAIL);
        working.put(FLOW, "goal", "Decide whether to send the Acme invoice reminder today.");
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
}

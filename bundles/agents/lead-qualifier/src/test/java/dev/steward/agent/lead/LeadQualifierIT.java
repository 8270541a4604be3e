package dev.steward.agent.lead;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;
import dev.steward.memory.internal.Neo4jKnowledgeBank;
import dev.steward.model.internal.ModelRouter;
import dev.steward.model.testing.LocalChat;
import dev.steward.store.testing.EmbeddedTestStore;

/** The lead qualifier asking the real knowledge bank on a real Neo4j (fulltext only: no embedding backend here). */
@Timeout(180)
class LeadQualifierIT {

    private static final Provenance CRM = new Provenance("connector", "crm-import", null, null);
    private static final Instant JAN = Instant.parse("2026-01-05T00:00:00Z");

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;
    private static KnowledgeBank bank;
    private static LeadQualifierAgent agent;
    private static Entity ann;
    private static Entity acme;
    private static Fact client;

    @BeforeAll
    static void start() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "ModelCall");
        bank = new Neo4jKnowledgeBank(testStore.store());
        agent = new LeadQualifierAgent(bank, config());
        ann = bank.resolveEntity("person", "Ann Lee", "ann@acme.example", null, CRM);
        acme = bank.resolveEntity("organization", "ACME Corp", null, null, CRM);
        bank.assertFact(new FactAssertion(ann.id(), "worksFor", acme.id(), null, true, 1.0, JAN, null, CRM));
        client = bank.assertFact(new FactAssertion(acme.id(), "status", null, "client", true, 1.0, JAN, null, CRM));
        bank.recordEpisode("email", "Ann Lee asked about the spring campaign", Instant.parse("2026-03-02T10:00:00Z"),
                Map.of(), CRM, List.of(ann.id()));
        bank.recordEpisode("call", "Call with Ann Lee about invoice timing", Instant.parse("2026-06-12T10:00:00Z"),
                Map.of(), CRM, List.of(ann.id()));
        testStore.store().write(dev.steward.spi.store.Statement.of("CALL db.awaitIndexes(60)"));
    }

    @AfterAll
    static void stop() {
        testStore.close();
    }

    static LeadQualifierAgent.Config config() {
        return new LeadQualifierAgent.Config() {
            @Override public Class<? extends Annotation> annotationType() { return LeadQualifierAgent.Config.class; }
            @Override public String buying_words() { return "quote,proposal,budget,project,asap"; }
            @Override public String spam_words() { return "seo services,backlinks"; }
            @Override public String free_mail_domains() { return "gmail.com,gmx.de"; }
            @Override public int grade_a() { return 70; }
            @Override public int grade_b() { return 40; }
            @Override public boolean model_intent() { return true; }
            @Override public boolean model_remote() { return false; }
            @Override public long model_timeout_ms() { return 5_000; }
        };
    }

    private static AgentResult qualify(Map<String, Object> lead) throws PermanentStepFailure {
        return agent.execute(new AgentRequest(LeadQualifierAgent.CAPABILITY, Map.of("lead", lead),
                IdempotencyKey.of("f-1", "qualify"), "f-1", "qualify"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(AgentResult r, String key) {
        return (List<String>) r.output().get(key);
    }

    @Test
    void aKnownClientsContactAskingForAQuoteIsAnALeadWithWhatIsKnownCited() throws Exception {
        AgentResult r = qualify(Map.of("name", "Ann Lee", "email", "ANN@acme.example",
                "message", "Could you send a quote for the autumn project? Budget is approved."));

        assertEquals("A", r.output().get("grade"));
        // 30 base + 20 person + 15 organization (her employer) + 25 client + 10 business mail + 15 (3 buying words)
        // + 4 (two earlier conversations)
        assertEquals(100, r.output().get("score"), list(r, "reasons").toString());
        assertEquals(Map.of("id", ann.id(), "name", "Ann Lee"), r.output().get("person"));
        assertEquals(Map.of("id", acme.id(), "name", "ACME Corp"), r.output().get("organization"));
        assertTrue(list(r, "reasons").contains("+15 buying signals: budget, project, quote"), list(r, "reasons").toString());
        assertTrue(list(r, "reasons").contains("+4 2 earlier conversations"), list(r, "reasons").toString());
        List<String> citations = list(r, "citations");
        assertTrue(citations.containsAll(List.of(ann.id(), acme.id(), client.id())), citations.toString());
        assertEquals(5, citations.size(), "the person, the organization, the client fact and two episodes");
        assertTrue(list(r, "facts").contains("status client"), list(r, "facts").toString());
        assertEquals(0.9, r.confidence());
        assertTrue(r.rationale().startsWith("A lead (100): +20 known person: Ann Lee"), r.rationale());
    }

    @Test
    void aStrangerIsScoredFromTheMessageAloneAndSpamSinks() throws Exception {
        AgentResult stranger = qualify(Map.of("name", "Bo Novak", "email", "bo.novak@gmail.com",
                "message", "Hi, do you take on new projects? Looking for a proposal asap."));
        // 30 base - 5 free mail + 10 (proposal, asap; "projects" is not "project")
        assertEquals(35, stranger.output().get("score"), list(stranger, "reasons").toString());
        assertEquals("C", stranger.output().get("grade"));
        assertFalse(stranger.output().containsKey("person"));
        assertEquals(List.of(), list(stranger, "citations"));
        assertEquals(0.6, stranger.confidence());

        AgentResult spam = qualify(Map.of("name", "Growth Team", "email", "team@rank.example",
                "message", "We offer SEO services and backlinks for your site"));
        assertEquals(0, spam.output().get("score"), list(spam, "reasons").toString());
        assertTrue(list(spam, "reasons").contains("-40 spam signals: backlinks, seo services"));

        AgentResult sameAgain = qualify(Map.of("name", "Bo Novak", "email", "bo.novak@gmail.com",
                "message", "Hi, do you take on new projects? Looking for a proposal asap."));
        assertEquals(stranger.output(), sameAgain.output(), "deterministic");
    }

    @Test
    void theLeadIsOnlyReadNeverWrittenAndBadInputFailsNamingIt() throws Exception {
        long before = entities();
        qualify(Map.of("name", "Cy Unknown", "company", "Unknown Ltd"));
        assertEquals(before, entities(), "qualifying a lead creates no entity");

        PermanentStepFailure f = assertThrows(PermanentStepFailure.class, () -> qualify(Map.of("email", "x@y.example")));
        assertTrue(f.getMessage().contains("at least a name"), f.getMessage());
        f = assertThrows(PermanentStepFailure.class, () -> qualify(Map.of("name", "X", "email", "not-an-address")));
        assertTrue(f.getMessage().contains("lead.email 'not-an-address' is not an e-mail address"), f.getMessage());
    }

    private static long entities() {
        return ((Number) testStore.store().read(dev.steward.spi.store.Statement.of("MATCH (e:Entity) RETURN count(e) AS n"))
                .get(0).get("n")).longValue();
    }

    /** The platform's router on the real store, with a chat backend on a local server answering {@code content}. */
    private static ModelRouter router(String url) {
        return LocalChat.router(testStore.store(), Map.of("retry.max", "1", "retry.backoff.ms", "0",
                "answer.shape.check", "true"), LocalChat.backend("local-chat", url, ModelTier.CHEAP, "small", "0/0"));
    }

    private static AgentResult qualify(Models models, String flow, Map<String, Object> lead) throws Exception {
        return new LeadQualifierAgent(bank, config(), models).execute(new AgentRequest(LeadQualifierAgent.CAPABILITY,
                Map.of("lead", lead), IdempotencyKey.of(flow, "qualify"), flow, "qualify"));
    }

    @Test
    void aConfiguredModelReadsTheIntentOncePerStepAndGarbageLeavesTheRulesAlone() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<String> content = new AtomicReference<>("{\"intent\":\"buying\"}");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"model\":\"small-1\",\"choices\":[{\"message\":{\"content\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(content.get()) + "}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            ModelRouter router = router(url);
            Map<String, Object> lead = Map.of("name", "Bo Novak", "email", "bo.novak@gmail.com",
                    "message", "We would like to order 40 seats for next month.");
            AgentResult rules = qualify(null, "f-m0", lead);
            AgentResult read = qualify(router, "f-m1", lead);
            assertEquals(((Integer) rules.output().get("score")) + 10, read.output().get("score"));
            assertTrue(((List<?>) read.output().get("reasons")).contains("+10 model small-1 reads the intent: buying"),
                    read.output().toString());
            assertEquals(1, requests.get());
            content.set("{\"intent\":\"spam\"}");
            assertEquals(read.output(), qualify(router(url), "f-m1", lead).output(),
                    "a retried (or, on a new router, resumed) step: the same reading");
            assertEquals(1, requests.get(), "the journaled answer was reused");

            AgentResult spam = qualify(router, "f-m2", lead);
            assertEquals(Math.max(0, ((Integer) rules.output().get("score")) - 40), spam.output().get("score"));

            content.set("{\"intent\":\"urgent\"}");
            AgentResult garbage = qualify(router, "f-m3", lead);
            assertEquals(rules.output(), garbage.output(), "no reading: the rules alone");
            assertTrue(garbage.rationale().endsWith("(no model read the intent: local-chat: MALFORMED local-chat answered"
                    + " JSON that does not match the JSON Schema asked for: $.intent is not one of"
                    + " [\"buying\",\"question\",\"spam\",\"other\"] (2 attempts))"), garbage.rationale());
            assertEquals(4, requests.get(), "garbage asked for once more (retry.max 1), no more");
        } finally {
            server.stop(0);
        }
    }
}

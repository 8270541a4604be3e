package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.SessionUpkeep;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;
import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.model.internal.ModelRouter;
import dev.steward.spi.memory.Summarizer;
import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/** The session tier on the real store: order under concurrency, upkeep (window, retention, audit), forgetting. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SessionHistoryIT {

    static final Provenance CLIENT = new Provenance("connector", "chat", null, null);
    static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    final MovableClock clock = new MovableClock(NOW);

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Session", "Turn", "SessionSummary", "SessionTombstone", "SessionUpkeepRun",
                "ModelCall");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void clean() {
        neo4j.clear();
    }

    private Neo4jSessionHistory history(int window, String summarizer) {
        return new Neo4jSessionHistory(neo4j.store(), clock,
                new SessionSettings(window, Duration.ofDays(365), 300, summarizer, Duration.ofHours(1)));
    }

    @Test
    void turnsComeBackInOrderWithTheirMetadataAndProvenance() {
        Neo4jSessionHistory sessions = history(50, "extractive");
        Turn first = sessions.append("thread-1", "client", "Hello, is my order 4411 shipped?", NOW.minusSeconds(60),
                Map.of("channel", "mail"), CLIENT);
        sessions.append("thread-1", "operator", "It left the warehouse this morning.", NOW.minusSeconds(30), null, CLIENT);
        Turn third = sessions.append("thread-1", "client", "Thanks!", NOW, Map.of(), new Provenance("user", "olivia", "f-1", "s-1"));

        assertEquals(1, first.seq());
        assertEquals(3, third.seq());
        assertEquals(Map.of("channel", "mail"), first.metadata());
        SessionView view = sessions.session("thread-1", 2).orElseThrow();
        assertEquals(3, view.turnCount());
        assertEquals(List.of(2L, 3L), view.turns().stream().map(Turn::seq).toList());
        assertEquals(third, view.turns().get(1));
        assertEquals(List.of(), view.summaries());
        assertEquals(first, sessions.session("thread-1", 10).orElseThrow().turns().get(0));
        assertTrue(sessions.session("no-such-thread", 10).isEmpty());
    }

    @Test
    void concurrentAppendsToOneSessionGetEverySeqOnce() throws Exception {
        Neo4jSessionHistory sessions = history(50, "extractive");
        int writers = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> seqs = new CopyOnWriteArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        seqs.add(sessions.append("busy", "writer-" + writer, "turn " + i, NOW, null, CLIENT).seq());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(seqs);
        Collections.sort(sorted);
        assertEquals(LongStream.rangeClosed(1, writers * each).boxed().toList(), sorted, "1..N, no gaps, no repeats");
        assertEquals(List.of(Map.of("seqs", (long) writers * each, "distinct", (long) writers * each, "last", (long) writers * each)),
                neo4j.store().read(Statement.of("MATCH (t:Turn)-[:IN]->(s:Session {id: 'busy'}) "
                        + "RETURN count(t) AS seqs, count(DISTINCT t.seq) AS distinct, max(s.lastSeq) AS last")));
        assertEquals(1L, count("Session"));
    }

    @Test
    void upkeepSummarizesTheOverflowOnceAndAuditsEveryRun() {
        Neo4jSessionHistory sessions = history(5, "extractive");
        for (int i = 1; i <= 12; i++) {
            sessions.append("long", i % 2 == 0 ? "operator" : "client", "Turn " + i + " about the invoice number " + i
                    + ". Small talk.", NOW.minusSeconds(100 - i), null, CLIENT);
        }
        sessions.append("short", "client", "Only one turn here.", NOW, null, CLIENT);

        SessionUpkeep run = sessions.upkeep("olivia");
        assertEquals(List.of(1, 7, 0, "olivia"), List.of(run.sessionsSummarized(), run.turnsSummarized(),
                run.turnsExpired(), run.actor()));
        SessionView view = sessions.session("long", 100).orElseThrow();
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), view.turns().stream().map(Turn::seq).toList(), "the live window");
        SessionSummary summary = view.summaries().get(0);
        assertEquals(List.of(1L, 7L, "extractive"), List.of(summary.fromSeq(), summary.toSeq(), summary.summarizer()));
        assertEquals(List.of(NOW.minusSeconds(99), NOW.minusSeconds(93)), List.of(summary.from(), summary.to()));
        assertTrue(summary.text().length() <= 300, summary.text());
        assertTrue(summary.text().startsWith("client: Turn 1 about the invoice number 1."), summary.text());
        assertEquals(LongStream.rangeClosed(1, 7).boxed().toList(), neo4j.store().read(new Statement(
                "MATCH (:SessionSummary {id: $id})-[:COVERS]->(t:Turn) RETURN t.seq AS seq ORDER BY seq",
                Map.of("id", summary.id()))).stream().map(r -> ((Number) r.get("seq")).longValue()).toList());
        assertEquals(12, sessions.session("long", 100).orElseThrow().turnCount());

        List<Map<String, Object>> before = snapshot();
        SessionUpkeep again = sessions.upkeep("scheduler");
        assertEquals(List.of(0, 0, 0), List.of(again.sessionsSummarized(), again.turnsSummarized(), again.turnsExpired()));
        assertEquals(before, snapshot(), "a second run changes nothing");

        List<Map<String, Object>> audits = neo4j.store().read(Statement.of(
                "MATCH (r:SessionUpkeepRun) RETURN r {.*} AS r ORDER BY r.at, r.actor DESC"));
        assertEquals(2, audits.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> audit = (Map<String, Object>) audits.stream().map(r -> r.get("r"))
                .filter(r -> ((Map<?, ?>) r).get("id").equals(run.runId())).findFirst().orElseThrow();
        assertEquals(Set.of("id", "at", "actor", "sessionsSummarized", "turnsSummarized", "turnsExpired", "fallbacks",
                "failures"), audit.keySet(), "counts and actor, no content");
        assertEquals(List.of(1L, 7L, 0L, "olivia"), List.of(audit.get("sessionsSummarized"), audit.get("turnsSummarized"),
                audit.get("turnsExpired"), audit.get("actor")));
    }

    @Test
    void turnsPastTheRetentionAreDeletedAndTheirSummaryKeepsItsRange() {
        Neo4jSessionHistory sessions = history(2, "extractive");
        for (int i = 1; i <= 4; i++) {
            sessions.append("old", "client", "Old question " + i + " about the lease.", NOW.minus(Duration.ofDays(300)), null, CLIENT);
        }
        sessions.append("old", "client", "A new question.", NOW, null, CLIENT);
        sessions.append("old", "operator", "A new answer.", NOW, null, CLIENT);
        sessions.append("ancient", "client", "Never summarized.", NOW.minus(Duration.ofDays(366)), null, CLIENT);

        SessionUpkeep first = sessions.upkeep("olivia");
        assertEquals(List.of(1, 4, 1), List.of(first.sessionsSummarized(), first.turnsSummarized(), first.turnsExpired()));
        assertTrue(sessions.session("ancient", 10).isEmpty(), "no turn and no summary left");

        clock.advance(Duration.ofDays(100));
        SessionUpkeep later = sessions.upkeep("scheduler");
        assertEquals(List.of(0, 0, 4), List.of(later.sessionsSummarized(), later.turnsSummarized(), later.turnsExpired()));
        SessionView view = sessions.session("old", 10).orElseThrow();
        assertEquals(List.of(5L, 6L), view.turns().stream().map(Turn::seq).toList());
        SessionSummary summary = view.summaries().get(0);
        assertEquals(List.of(1L, 4L), List.of(summary.fromSeq(), summary.toSeq()), "the summary keeps its range");
        assertEquals(0L, ((Number) neo4j.store().read(Statement.of(
                "MATCH (:SessionSummary)-[c:COVERS]->() RETURN count(c) AS c")).get(0).get("c")).longValue());
        assertEquals(0, sessions.upkeep("scheduler").turnsExpired());
        assertEquals(7, sessions.append("old", "client", "Still counting.", NOW, null, CLIENT).seq());
    }

    @Test
    void aSummaryIsWrittenOnlyIfItsTurnsAreStillThereUnsummarized() {
        Neo4jSessionHistory sessions = history(1, "racing");
        sessions.addSummarizer(new Summarizer() {
            @Override
            public String id() {
                return "racing";
            }

            @Override
            public String summarize(List<Turn> turns, int maxChars) {
                // while the summary is written, the oldest turn goes (as a forget or a concurrent run would do)
                neo4j.store().write(new Statement("MATCH (t:Turn {id: $id}) DETACH DELETE t", Map.of("id", turns.get(0).id())));
                return "a summary of turns that are no longer all there";
            }
        });
        for (int i = 1; i <= 3; i++) {
            sessions.append("raced", "client", "Turn " + i, NOW, null, CLIENT);
        }
        SessionUpkeep run = sessions.upkeep("olivia");
        assertEquals(0, run.turnsSummarized());
        assertEquals(0L, count("SessionSummary"));
        assertEquals(0L, ((Number) neo4j.store().read(Statement.of(
                "MATCH (t:Turn) WHERE t.summaryId IS NOT NULL RETURN count(t) AS c")).get(0).get("c")).longValue());
    }

    @Test
    void twoUpkeepsAtOnceWriteOneSummary() throws Exception {
        Neo4jSessionHistory a = history(5, "extractive");
        Neo4jSessionHistory b = history(5, "extractive");
        for (int i = 1; i <= 30; i++) {
            a.append("shared", "client", "Turn " + i + " on the contract.", NOW, null, CLIENT);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            Future<SessionUpkeep> first = pool.submit(() -> {
                start.await();
                return a.upkeep("olivia");
            });
            Future<SessionUpkeep> second = pool.submit(() -> {
                start.await();
                return b.upkeep("scheduler");
            });
            start.countDown();
            assertEquals(25, first.get(3, TimeUnit.MINUTES).turnsSummarized()
                    + second.get(3, TimeUnit.MINUTES).turnsSummarized());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, count("SessionSummary"));
        assertEquals(List.of(Map.of("covered", 25L, "distinct", 25L)), neo4j.store().read(Statement.of(
                "MATCH (:SessionSummary)-[:COVERS]->(t:Turn) RETURN count(t) AS covered, count(DISTINCT t) AS distinct")));
        assertEquals(List.of(26L, 27L, 28L, 29L, 30L), a.session("shared", 50).orElseThrow().turns().stream()
                .map(Turn::seq).toList());
    }

    @Test
    void theModelSummarizerNeverSendsSensitiveTurnsToARemoteBackendAndTheExtractiveOneStandsIn() {
        RecordingBackend remote = new RecordingBackend(false);
        ModelRouter router = new ModelRouter(neo4j.store(), Map.of());
        router.addBackend(remote);
        Neo4jSessionHistory sessions = history(1, ModelSummarizer.ID);
        sessions.addSummarizer(new ModelSummarizer(router));
        sessions.append("private", "client", "My diagnosis is confidential.", NOW, Map.of("sensitive", "true"), CLIENT);
        sessions.append("private", "client", "Call me tomorrow.", NOW, null, CLIENT);
        sessions.append("open", "client", "The delivery address changed.", NOW, null, CLIENT);
        sessions.append("open", "client", "Please confirm.", NOW, null, CLIENT);

        sessions.upkeep("olivia");

        assertEquals(1, remote.requests.size(), "only the session without sensitive turns went to the remote model");
        assertTrue(remote.requests.get(0).messages().get(1).content().contains("The delivery address changed."));
        assertFalse(remote.requests.get(0).containsSensitive());
        SessionSummary open = sessions.session("open", 5).orElseThrow().summaries().get(0);
        assertEquals(List.of("model", "a model summary"), List.of(open.summarizer(), open.text()));
        SessionSummary secret = sessions.session("private", 5).orElseThrow().summaries().get(0);
        assertEquals(List.of("extractive", "client: My diagnosis is confidential."), List.of(secret.summarizer(), secret.text()));
        assertEquals("model", neo4j.store().read(new Statement("MATCH (m:SessionSummary {id: $id}) RETURN m.fallbackFrom AS f",
                Map.of("id", secret.id()))).get(0).get("f"), "the fallback is recorded");

        // the calls went through the router's journal, keyed by session and range; the refused one names why
        ModelCallRecord call = router.calls("session:open").get(0);
        assertEquals(List.of("session:open/summary-1-1/summary", "ANSWERED", "remote-chat"),
                List.of(call.key().value(), call.outcome(), call.backend()));
        ModelCallRecord refused = router.calls("session:private").get(0);
        assertEquals("FAILED", refused.outcome());
        assertTrue(refused.failures().get(0).contains("locally (the request is sensitive)"), refused.failures().toString());

        // forgetting a session erases the journaled calls that wrote its summaries (they hold what the model wrote)
        sessions.forgetSession("open", "olivia");
        assertEquals(List.of(), router.calls("session:open"));
        assertEquals(1, router.calls("session:private").size());
    }

    @Test
    void forgettingASessionLeavesOnlyATombstoneWithoutContent() {
        Neo4jSessionHistory sessions = history(1, "extractive");
        sessions.append("ann", "client", "My card number is in the other mail.", NOW, Map.of("topic", "payment-secret"), CLIENT);
        sessions.append("ann", "client", "The lease of flat 7B ends in March.", NOW, null, CLIENT);
        sessions.append("other", "client", "Unrelated.", NOW, null, CLIENT);
        sessions.upkeep("olivia");

        assertEquals(3, sessions.forgetSession("ann", "admin-ada"), "two turns and one summary");

        assertTrue(sessions.session("ann", 10).isEmpty());
        assertEquals(0L, ((Number) neo4j.store().read(Statement.of(
                "MATCH (n) WHERE (n:Turn OR n:SessionSummary OR n:Session) AND (n.sessionId = 'ann' OR n.id = 'ann') "
                        + "RETURN count(n) AS c")).get(0).get("c")).longValue());
        Map<String, Object> tombstone = neo4j.store().read(Statement.of("MATCH (t:SessionTombstone) RETURN t {.*} AS t"))
                .get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) tombstone.get("t");
        assertEquals(Set.of("id", "sessionId", "erasedAt", "actor", "turns", "summaries"), t.keySet());
        assertEquals(List.of("ann", "admin-ada", 2L, 1L), List.of(t.get("sessionId"), t.get("actor"), t.get("turns"),
                t.get("summaries")));
        for (Map<String, Object> row : neo4j.store().read(Statement.of("MATCH (n) RETURN properties(n) AS p"))) {
            String all = row.get("p").toString();
            assertFalse(all.contains("card number") || all.contains("7B") || all.contains("payment-secret"), all);
        }
        assertEquals(1, sessions.session("other", 10).orElseThrow().turns().size());
        assertEquals("Unknown session id ann", assertThrows(IllegalArgumentException.class,
                () -> sessions.forgetSession("ann", "admin-ada")).getMessage());
    }

    @Test
    void badInputIsRefusedWithTheReasonAndWritesNothing() {
        Neo4jSessionHistory sessions = history(50, "extractive");
        assertRefused("Turn text must not be empty", () -> sessions.append("s", "client", "  ", NOW, null, CLIENT));
        assertRefused("Turn text is 20001 characters; the limit is 20000",
                () -> sessions.append("s", "client", "x".repeat(SessionHistory.MAX_TURN_TEXT + 1), NOW, null, CLIENT));
        assertRefused("Session id must not be empty", () -> sessions.append(" ", "client", "hi", NOW, null, CLIENT));
        assertRefused("Turn speaker must not be empty", () -> sessions.append("s", "", "hi", NOW, null, CLIENT));
        assertRefused("Turn occurredAt must be given", () -> sessions.append("s", "client", "hi", null, null, CLIENT));
        assertRefused("Turn provenance must be given", () -> sessions.append("s", "client", "hi", NOW, null, null));
        assertRefused("Turn metadata key 'no space' must be a letter followed by up to 63 letters, digits, '_', '.' or '-'",
                () -> sessions.append("s", "client", "hi", NOW, Map.of("no space", "x"), CLIENT));
        assertRefused("The number of recent turns must be positive, was 0", () -> sessions.session("s", 0));
        assertRefused("Actor must not be empty", () -> sessions.upkeep(" "));
        assertRefused("Unknown session id s", () -> sessions.forgetSession("s", "ada"));
        assertEquals(0L, count("Session") + count("Turn") + count("SessionSummary") + count("SessionTombstone")
                + count("SessionUpkeepRun"));
    }

    @Test
    void appendsPassTheMemoryWritePolicies() {
        Neo4jSessionHistory sessions = history(50, "extractive");
        List<PolicySubject> judged = new CopyOnWriteArrayList<>();
        sessions.judgeWith(new PolicyJudge() {
            @Override
            public PolicyRuling judge(PolicySubject subject) {
                judged.add(subject);
                if (subject.payload().get("text").toString().contains("password")) {
                    return new PolicyRuling(Verdict.DENY, subject.payload(),
                            List.of(new PolicyDecision(Verdict.DENY, "safety", "1.0", List.of("no passwords"), Map.of())));
                }
                Map<String, Object> changed = new java.util.LinkedHashMap<>(subject.payload());
                changed.put("metadata.reviewed", "yes");
                return new PolicyRuling(Verdict.ALLOW_WITH_CHANGES, changed, List.of(new PolicyDecision(Verdict.ALLOW_WITH_CHANGES,
                        "tag", "1.0", List.of("tagged"), Map.of("metadata.reviewed", "yes"))));
            }

            @Override
            public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
            }
        });
        Turn turn = sessions.append("gov", "client", "hello", NOW, Map.of("channel", "chat"), CLIENT);
        assertEquals(Map.of("channel", "chat", "reviewed", "yes"), turn.metadata());
        PolicySubject subject = judged.get(0);
        assertEquals(List.of(PolicySubject.Kind.MEMORY_WRITE, "memory.turn", "chat"),
                List.of(subject.kind(), subject.capability(), subject.agentId()));
        assertEquals(Map.of("sessionId", "gov", "speaker", "client", "text", "hello", "occurredAt", NOW.toString(),
                "source", "connector:chat", "metadata.channel", "chat"), subject.payload());

        assertThrows(PolicyRefusedException.class,
                () -> sessions.append("gov", "client", "my password is hunter2", NOW, null, CLIENT));
        assertEquals(1L, count("Turn"));
        assertEquals(1, sessions.session("gov", 10).orElseThrow().turnCount(), "a refused turn takes no seq");
    }

    private static void assertRefused(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    /** Every session node with its properties and relationships, except the audit of the runs. */
    private static List<Map<String, Object>> snapshot() {
        return neo4j.store().read(Statement.of("MATCH (n) WHERE n:Session OR n:Turn OR n:SessionSummary "
                + "RETURN labels(n) AS l, properties(n) AS p, "
                + "COLLECT { MATCH (n)-[r]->(m) RETURN type(r) + '>' + coalesce(m.id, '') } AS out ORDER BY n.id"));
    }

    private static long count(String label) {
        return ((Number) neo4j.store().read(new Statement("MATCH (n) WHERE $l IN labels(n) RETURN count(n) AS c",
                Map.of("l", label))).get(0).get("c")).longValue();
    }

    /** A chat backend that stands in for a paid chat API: records what it was sent, answers one sentence. */
    static final class RecordingBackend implements ModelBackend {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        private final BackendDescriptor descriptor;

        RecordingBackend(boolean local) {
            this.descriptor = new BackendDescriptor(local ? "local-chat" : "remote-chat", local, Set.of(ModelTier.CHEAP));
        }

        @Override
        public BackendDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            requests.add(request);
            return new ChatResponse("a model summary", "test-model", 10, 3, null, Duration.ZERO);
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request) {
            throw new UnsupportedOperationException("chat only");
        }
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

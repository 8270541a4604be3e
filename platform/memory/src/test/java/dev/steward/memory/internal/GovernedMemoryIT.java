package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Provenance;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.policy.retention.RetentionConfig;
import dev.steward.policy.retention.RetentionPolicy;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/** Memory writes pass the policy hook; the shipped retention policy's deadlines are enforced by the sweep (real Neo4j). */
class GovernedMemoryIT {

    static final Provenance NOTE = new Provenance("user", "olivia", null, null);

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    Neo4jKnowledgeBank bank;
    final List<PolicySubject> judged = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "Tombstone", "RetentionRun");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void cleanBank() {
        neo4j.clear();
        bank = new Neo4jKnowledgeBank(neo4j.store(), Clock.systemUTC());
        RetentionPolicy retention = new RetentionPolicy(new RetentionConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RetentionConfig.class;
            }

            @Override
            public String[] episodes() {
                return new String[] {"note=P30D, health=never"};
            }
        });
        bank.judgeWith(judgeOf(retention));
    }

    /** One policy as the kernel's judge would apply it (the kernel's own combination is tested in the kernel). */
    private PolicyJudge judgeOf(RetentionPolicy policy) {
        return new PolicyJudge() {
            @Override
            public PolicyRuling judge(PolicySubject subject) {
                judged.add(subject);
                PolicyDecision d = policy.evaluate(subject);
                Map<String, Object> payload = new java.util.LinkedHashMap<>(subject.payload());
                payload.putAll(d.changes());
                return new PolicyRuling(d.verdict(), payload, List.of(d));
            }

            @Override
            public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
            }
        };
    }

    @Test
    void anEpisodeIsJudgedAsAMemoryWriteAndKeepsTheRetentionThePolicyGaveIt() {
        Instant occurred = Instant.parse("2026-11-01T10:00:00Z");
        Episode e = bank.recordEpisode("note", "Call Ada about the renewal", occurred, Map.of("topic", "renewal"), NOTE, null);

        PolicySubject subject = judged.get(0);
        assertEquals(List.of(PolicySubject.Kind.MEMORY_WRITE, "memory.episode", "olivia"),
                List.of(subject.kind(), subject.capability(), subject.agentId()));
        assertEquals(Map.of("kind", "note", "text", "Call Ada about the renewal", "occurredAt", "2026-11-01T10:00:00Z",
                "source", "user:olivia", "metadata.topic", "renewal"), subject.payload());
        assertEquals(Map.of("topic", "renewal", "retainUntil", "2026-12-01T10:00:00Z"), e.metadata());
        assertEquals(List.of("retention 1.0: ALLOW_WITH_CHANGES (note episodes are kept PT720H)"), neo4j.store().read(
                new Statement("MATCH (e:Episode {id: $id}) RETURN e.policyDecisions AS d", Map.of("id", e.id()))).get(0).get("d"));
    }

    @Test
    void aRefusedWriteStoresNothingAndSaysWhich() {
        PolicyRefusedException e = assertThrows(PolicyRefusedException.class, () -> bank.recordEpisode("health",
                "blood test results", Instant.now(), null, NOTE, null));
        assertEquals("refused by policy retention 1.0: episodes of kind health are never kept", e.getMessage());
        assertEquals(Verdict.DENY, e.verdict());
        assertEquals(0L, count("Episode"));
    }

    @Test
    void theSweepDeletesWhatIsPastItsRetentionOnlyAndAuditsEachRun() {
        Instant now = Instant.now();
        Episode old = bank.recordEpisode("note", "an old note", now.minus(Duration.ofDays(31)), null, NOTE, null);
        Episode fresh = bank.recordEpisode("note", "a fresh note", now.minus(Duration.ofDays(29)), null, NOTE, null);
        Episode unruled = bank.recordEpisode("email", "no rule for mail", now.minus(Duration.ofDays(400)), null, NOTE, null);
        RetentionSweeper sweeper = new RetentionSweeper(neo4j.store(), Clock.systemUTC(), 1);
        try {
            RetentionSweeper.Run run = sweeper.sweep();
            assertEquals(1, run.deleted());
            assertEquals(Map.of("note", 1L), run.byKind());
            assertEquals(List.of(fresh.id(), unruled.id()).stream().sorted().toList(), ids());
            assertTrue(!ids().contains(old.id()));
            Map<String, Object> audit = neo4j.store().read(new Statement("MATCH (r:RetentionRun {id: $id}) RETURN r.deleted AS n, "
                    + "r.kinds AS kinds", Map.of("id", run.id()))).get(0);
            assertEquals(1L, ((Number) audit.get("n")).longValue());
            assertEquals(List.of("note=1"), audit.get("kinds"));
            assertEquals(0, sweeper.sweep().deleted(), "a second run finds nothing, and is audited too");
            assertEquals(2L, count("RetentionRun"));
        } finally {
            sweeper.deactivate();
        }
    }

    @Test
    void aRetentionLabelThatIsNotAnInstantIsRefused() {
        bank.judgeWith(null);
        assertEquals("Episode metadata retainUntil must be an ISO-8601 instant, was 'next year'",
                assertThrows(IllegalArgumentException.class, () -> bank.recordEpisode("email", "x", Instant.now(),
                        Map.of("retainUntil", "next year"), NOTE, null)).getMessage());
    }

    private List<String> ids() {
        return neo4j.store().read(new Statement("MATCH (e:Episode) RETURN e.id AS id ORDER BY id", Map.of())).stream()
                .map(r -> (String) r.get("id")).toList();
    }

    private static long count(String label) {
        return ((Number) neo4j.store().read(new Statement("MATCH (n) WHERE $l IN labels(n) RETURN count(n) AS c",
                Map.of("l", label))).get(0).get("c")).longValue();
    }
}

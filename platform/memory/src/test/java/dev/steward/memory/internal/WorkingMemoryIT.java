package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicyJudge;
import dev.steward.api.policy.PolicyRefusedException;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/** Promoting a working entry writes an episode through the real knowledge bank and its write policies (real Neo4j). */
@Timeout(120)
class WorkingMemoryIT {

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    Neo4jKnowledgeBank bank;
    InMemoryWorkingMemory working;
    final List<PolicySubject> judged = new CopyOnWriteArrayList<>();
    volatile Verdict verdict = Verdict.ALLOW_WITH_CHANGES;

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "Tombstone");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void cleanBank() {
        neo4j.clear();
        bank = new Neo4jKnowledgeBank(neo4j.store(), Clock.systemUTC());
        bank.judgeWith(new PolicyJudge() {
            @Override
            public PolicyRuling judge(PolicySubject subject) {
                judged.add(subject);
                Map<String, Object> changes = Map.of("metadata.reviewed", "yes");
                PolicyDecision d = new PolicyDecision(verdict, "test-policy", "1.0.0", List.of("test"),
                        verdict == Verdict.ALLOW_WITH_CHANGES ? changes : Map.of());
                Map<String, Object> payload = new java.util.LinkedHashMap<>(subject.payload());
                payload.putAll(d.changes());
                return new PolicyRuling(verdict, payload, List.of(d));
            }

            @Override
            public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
            }
        });
        working = new InMemoryWorkingMemory(bank, Clock.systemUTC(), 8, 10_000, 10);
    }

    @Test
    void aPromotedEntryIsAnEpisodeOfTheFlowFoundBySearch() {
        working.put("flow-9", "finding", "The supplier Zorblax raised its prices by twelve percent");
        Episode e = working.promote("flow-9", "finding", "note", new Provenance("agent", "researcher", null, "step-2"));

        assertEquals(new Provenance("agent", "researcher", "flow-9", "step-2"), e.provenance());
        assertEquals(Map.of("workingKey", "finding", "reviewed", "yes"), e.metadata(), "the policy's change is laid on");
        PolicySubject subject = judged.get(0);
        assertEquals(PolicySubject.Kind.MEMORY_WRITE, subject.kind());
        assertEquals("memory.episode", subject.capability());
        assertEquals("flow-9", subject.flowInstanceId());
        List<Map<String, Object>> rows = neo4j.store().read(new Statement(
                "MATCH (e:Episode {id: $id}) RETURN e.provFlowInstanceId AS flow, e.provStepId AS step, e.text AS text",
                Map.of("id", e.id())));
        assertEquals(Map.of("flow", "flow-9", "step", "step-2",
                "text", "The supplier Zorblax raised its prices by twelve percent"), rows.get(0));
        List<KnowledgeHit> hits = bank.search(new KnowledgeQuery("Zorblax prices", null, null, null, 5));
        assertEquals(e.id(), hits.get(0).id());
        assertEquals("The supplier Zorblax raised its prices by twelve percent", working.get("flow-9", "finding").orElseThrow(),
                "the entry stays in the working context");

        working.ended("flow-9", dev.steward.api.flow.FlowStatus.COMPLETED);
        assertTrue(working.entries("flow-9").isEmpty());
        assertEquals(1L, ((Number) neo4j.store().read(new Statement("MATCH (e:Episode {id: $id}) RETURN count(e) AS n",
                Map.of("id", e.id()))).get(0).get("n")).longValue(), "the promoted episode outlives the flow");
    }

    @Test
    void aPromotionThePoliciesRefuseStoresNothing() {
        verdict = Verdict.DENY;
        working.put("flow-9", "secret", "Something the policy keeps out of memory");
        assertThrows(PolicyRefusedException.class, () -> working.promote("flow-9", "secret", "note", null));
        assertEquals(0L, ((Number) neo4j.store().read(new Statement("MATCH (e:Episode) RETURN count(e) AS n", Map.of()))
                .get(0).get("n")).longValue());
        assertEquals("flow-9", judged.get(0).flowInstanceId(), "judged as the flow's write");
    }
}

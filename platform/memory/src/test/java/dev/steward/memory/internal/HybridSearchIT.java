package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/** Search by meaning on the real Neo4j vector index, merged with fulltext; embedding at write time and by backfill. */
class HybridSearchIT {

    static final Provenance MAIL = new Provenance("connector", "mail", null, null);
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    ConceptEmbeddings model;
    Neo4jKnowledgeBank bank;

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "Tombstone", "EntityResolutionLock");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void emptyBank() {
        neo4j.clear();
        model = new ConceptEmbeddings();
        bank = new Neo4jKnowledgeBank(neo4j.store());
        bank.embedWith(model);
    }

    @Test
    void anEpisodeIsEmbeddedAtWriteTimeAndFoundByMeaningWithNoSharedWord() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", null, MAIL);
        Episode bill = bank.recordEpisode("email", "Ann says the invoice is overdue", MAR, Map.of("folder", "inbox"), MAIL,
                List.of(ann.id()));
        bank.recordEpisode("note", "Bought a new laptop for the office", MAR, null, MAIL, null);
        Map<String, Object> stored = neo4j.store().read(new Statement(
                "MATCH (e:Episode {id: $id}) RETURN size(e.embedding) AS d, e.embeddingModel AS m, e.embedPending AS p",
                Map.of("id", bill.id()))).get(0);
        assertEquals(384L, ((Number) stored.get("d")).longValue());
        assertEquals(ConceptEmbeddings.MODEL, stored.get("m"));
        assertNull(stored.get("p"));
        assertTrue(bill.metadata().equals(Map.of("folder", "inbox")), "the returned episode carries no vector");

        String paraphrase = "late billing";
        assertEquals(List.of(), bank.searcher().search(new KnowledgeQuery(paraphrase, null, null, null, 5),
                KnowledgeSearch.Mode.FULLTEXT), "no word in common");
        List<KnowledgeHit> hits = bank.search(paraphrase, null, 5);
        assertEquals(bill.id(), hits.get(0).id());
        assertEquals(List.of(ann), hits.get(0).entities(), "a vector hit is expanded like any other");
        assertEquals(Map.of("folder", "inbox"), hits.get(0).metadata());
        assertTrue(hits.stream().noneMatch(h -> h.text().contains("laptop")), "unrelated neighbours are cut");
    }

    @Test
    void filtersApplyToHitsByMeaning() {
        Episode jan = bank.recordEpisode("email", "the invoice is overdue", JAN, null, MAIL, null);
        Episode mar = bank.recordEpisode("note", "that bill is late", MAR, null, MAIL, null);
        Episode jun = bank.recordEpisode("email", "billing delayed again", JUN, null, MAIL, null);
        assertEquals(Set.of(jan.id(), mar.id(), jun.id()), ids(bank.search("overdue invoice", null, 10)));
        assertEquals(Set.of(jan.id(), jun.id()), ids(bank.search("overdue invoice", Set.of("email"), 10)));
        assertEquals(Set.of(mar.id()), ids(bank.search(new KnowledgeQuery("overdue invoice", null, MAR, JUN, 10))));
    }

    @Test
    void withoutABackendSearchIsFulltextAndTheBackfillCatchesUp() {
        bank.embedWith(null);
        Episode bill = bank.recordEpisode("email", "the invoice is overdue", MAR, null, MAIL, null);
        model.failing = true;
        bank.embedWith(model);
        Episode car = bank.recordEpisode("note", "the car needs a repair", MAR, null, MAIL, null);
        assertEquals(2L, count("MATCH (e:Episode) WHERE e.embedPending = true RETURN count(e) AS n"),
                "written all the same, waiting for a vector");
        assertEquals(List.of(), bank.search("late billing", null, 5), "a failing backend: fulltext only, no failure");
        assertEquals(List.of(bill.id()), bank.search("invoice", null, 5).stream().map(KnowledgeHit::id).toList());

        model.failing = false;
        assertEquals(0, new EmbeddingBackfill(neo4j.store(), 1, 10, null).run(), "no backend, nothing done");
        assertEquals(2, new EmbeddingBackfill(neo4j.store(), 1, 10, model).run(), "batches of one, until none is left");
        assertEquals(0L, count("MATCH (e:Episode) WHERE e.embedPending = true RETURN count(e) AS n"));
        assertEquals(bill.id(), bank.search("late billing", null, 5).get(0).id());
        assertEquals(car.id(), bank.search("mend the automobile", null, 5).get(0).id());
    }

    @Test
    void vectorsOfAnotherModelAreNotCompared() {
        Episode bill = bank.recordEpisode("email", "the invoice is overdue", MAR, null, MAIL, null);
        neo4j.store().write(new Statement("MATCH (e:Episode {id: $id}) SET e.embeddingModel = 'other-model'",
                Map.of("id", bill.id())));
        assertEquals(List.of(), bank.search("late billing", null, 5));
    }

    @Test
    void aHitFoundByMeaningAndByWordsOutranksOneFoundByEitherAlone() {
        Episode both = bank.recordEpisode("note", "refund for the hotel", MAR, null, MAIL, null);
        bank.recordEpisode("note", "reimbursement of the accommodation", MAR, null, MAIL, null);
        bank.recordEpisode("note", "hotel refund policy 2026 summary of everything else entirely", MAR, null, MAIL, null);
        List<KnowledgeHit> hits = bank.search("hotel refund", null, 3);
        assertEquals(both.id(), hits.get(0).id());
        assertNotNull(hits.get(0).at());
    }

    @Test
    void aMetadataFilterKeepsOnlyEpisodesStoredWithEveryValueInBothLists() {
        Entity alice = bank.resolveEntity("person", "Alice", null, null, MAIL);
        Map<String, String> s2alice = Map.of("session", "s2", "speaker", "alice", "locomo.sample-id", "conv-26");
        Episode s1 = bank.recordEpisode("turn", "Alice asked about the hotel refund", JAN,
                Map.of("session", "s1", "speaker", "alice", "locomo.sample-id", "conv-26"), MAIL, List.of(alice.id()));
        Episode words = bank.recordEpisode("turn", "Alice says the hotel refund came through", MAR, s2alice, MAIL,
                List.of(alice.id()));
        Episode meaning = bank.recordEpisode("turn", "the lodging reimbursement arrived", MAR, s2alice, MAIL, null);
        bank.recordEpisode("turn", "Bob says the hotel refund came through", MAR,
                Map.of("session", "s2", "speaker", "bob", "locomo.sample-id", "conv-26"), MAIL, null);
        bank.recordEpisode("turn", "Alice: hotel refund, again", MAR, null, MAIL, null);
        assertTrue(bank.search("alice hotel refund", null, 10).stream()
                .anyMatch(h -> h.source() == KnowledgeHit.Source.ENTITY), "unfiltered, the entity is found by name");

        KnowledgeQuery filtered = new KnowledgeQuery("alice hotel refund", null, null, null, 10,
                Map.of("session", "s2", "speaker", "alice"));
        List<KnowledgeHit> hits = bank.search(filtered);
        assertEquals(Set.of(words.id(), meaning.id()), ids(hits), "by words and by meaning, episodes only");
        hits.forEach(h -> assertEquals(s2alice, h.metadata(), "each hit carries its metadata exactly"));
        assertEquals(Set.of(words.id()), ids(bank.searcher().search(filtered, KnowledgeSearch.Mode.FULLTEXT)));
        assertTrue(ids(bank.searcher().search(filtered, KnowledgeSearch.Mode.VECTOR)).contains(meaning.id()));
        assertEquals(Set.of(s1.id(), words.id(), meaning.id()), ids(bank.search(new KnowledgeQuery("hotel refund", null,
                null, null, 10, Map.of("locomo.sample-id", "conv-26", "speaker", "alice")))), "keys with '.' and '-'");
        assertEquals(Set.of(words.id(), meaning.id()), ids(bank.search(new KnowledgeQuery("hotel refund",
                Set.of("turn"), MAR, JUN, 10, Map.of("speaker", "alice")))), "with kinds and a window");
        assertEquals(List.of(), bank.search(new KnowledgeQuery("hotel refund", null, null, null, 10,
                Map.of("speaker", "alice' OR 1=1 //"))), "a value is a value");
        assertEquals(List.of(), bank.search(new KnowledgeQuery("hotel refund", null, null, null, 10,
                Map.of("session", "S2"))), "exact values");
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> bank.search(new KnowledgeQuery("hotel", null, null, null, 10, Map.of("x` OR true //", "v"))));
        assertTrue(bad.getMessage().startsWith("Search metadata key"), bad.getMessage());
    }

    @Test
    void aSelectiveMetadataFilterFindsMatchesBeyondTheIndexesCutOffs() {
        // 10,500 closer matches in other sessions: more than the filtered fulltext scan (10,000) and, by meaning, than
        // the vector candidates (1,000); the one turn of session s9 ranks below all of them in both lists
        neo4j.store().write(new Statement("""
                UNWIND range(1, 10500) AS i
                CREATE (e:Episode {id: 'other-' + i, kind: 'turn', text: 'hotel refund', occurredAt: $at,
                                   recordedAt: $at, `meta.session`: 'other', provSourceType: 'test', provSourceId: 't'})
                WITH e, i WHERE i <= 1500
                CALL db.create.setNodeVectorProperty(e, 'embedding', $vector)
                SET e.embeddingModel = $model
                """, Map.of("at", MAR.toEpochMilli(), "model", ConceptEmbeddings.MODEL,
                "vector", EpisodeLog.floats(ConceptEmbeddings.vector("hotel refund")))));
        Episode rare = bank.recordEpisode("turn", "we talked about the hotel refund and the flight and the dog", MAR,
                Map.of("session", "s9"), MAIL, null);
        KnowledgeQuery inS9 = new KnowledgeQuery("hotel refund", null, null, null, 5, Map.of("session", "s9"));
        assertEquals(List.of(rare.id()), bank.searcher().search(inS9, KnowledgeSearch.Mode.FULLTEXT).stream()
                .map(KnowledgeHit::id).toList(), "by words");
        assertEquals(List.of(rare.id()), bank.searcher().search(inS9, KnowledgeSearch.Mode.VECTOR).stream()
                .map(KnowledgeHit::id).toList(), "by meaning");
        assertEquals(Map.of("session", "s9"), bank.search(inS9).get(0).metadata());
    }

    @Test
    void episodesEmbeddedByAnotherModelAreReEmbeddedByTheBackfill() {
        Episode bill = bank.recordEpisode("email", "the invoice is overdue", MAR, null, MAIL, null);
        Episode car = bank.recordEpisode("note", "the car needs a repair", MAR, null, MAIL, null);
        Episode mine = bank.recordEpisode("note", "a hotel refund", MAR, null, MAIL, null);
        // as if the episodes had been embedded before the model was changed
        neo4j.store().write(new Statement("MATCH (e:Episode) WHERE e.id IN $ids SET e.embeddingModel = 'old-model'",
                Map.of("ids", List.of(bill.id(), car.id()))));
        assertEquals(List.of(), bank.search("late billing", null, 5), "vectors of another model are not compared");

        EmbeddingBackfill backfill = new EmbeddingBackfill(neo4j.store(), 1, 10, model);
        assertEquals(2, backfill.run(), "both, in batches of one; the current one is left alone");
        assertEquals(0L, count("MATCH (e:Episode) WHERE e.embeddingModel <> '" + ConceptEmbeddings.MODEL
                + "' OR e.embedPending RETURN count(e) AS n"));
        assertEquals(bill.id(), bank.search("late billing", null, 5).get(0).id());
        assertEquals(car.id(), bank.search("mend the automobile", null, 5).get(0).id());
        assertEquals(mine.id(), bank.search("lodging reimbursement", null, 5).get(0).id());

        int calls = model.calls.get();
        assertEquals(0, backfill.run());
        assertEquals(calls, model.calls.get(), "settled: nothing is looked for until the backend changes");
        model.failing = true;
        neo4j.store().write(new Statement("MATCH (e:Episode {id: $id}) SET e.embeddingModel = 'old-model'",
                Map.of("id", car.id())));
        EmbeddingBackfill afterRestart = new EmbeddingBackfill(neo4j.store(), 64, 10, model);
        assertEquals(0, afterRestart.run(), "a failing backend: nothing done, no failure");
        model.failing = false;
        assertEquals(1, afterRestart.run(), "the next run catches up");
    }

    @Test
    void concurrentSearchesGetTheAnswerOfOneAloneAlsoWhenTheSearchThreadsAreBusyOrGone() throws Exception {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", null, MAIL);
        for (int i = 0; i < 20; i++) {
            bank.recordEpisode("note", "invoice " + i + " for Ann is overdue", MAR.plusSeconds(i), Map.of("n", "" + i),
                    MAIL, List.of(ann.id()));
        }
        // the ids in order, and each hit's metadata and entities (scores move by the clock's recency)
        List<String> alone = answer(bank.search("ann late billing", null, 10));
        assertEquals(10, alone.size());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> answer(bank.search("ann late billing", null, 10))));
            }
            for (var answer : answers) {
                assertEquals(alone, answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        bank.deactivate();
        assertEquals(alone, answer(bank.search("ann late billing", null, 10)),
                "after deactivation the caller runs every list");
    }

    private static List<String> answer(List<KnowledgeHit> hits) {
        return hits.stream().map(h -> h.source() + " " + h.id() + " " + h.metadata() + " " + h.entities()).toList();
    }

    private long count(String cypher) {
        return ((Number) neo4j.store().read(Statement.of(cypher)).get(0).get("n")).longValue();
    }

    private static Set<String> ids(List<KnowledgeHit> hits) {
        return Set.copyOf(hits.stream().map(KnowledgeHit::id).toList());
    }
}

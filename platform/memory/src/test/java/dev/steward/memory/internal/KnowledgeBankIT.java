package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;
import dev.steward.spi.store.Statement;

/** The knowledge bank against a real Neo4j (the platform's store with its embedded server). */
class KnowledgeBankIT {

    static final Provenance MAIL = new Provenance("connector", "mail", null, null);
    static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    KnowledgeBank bank;

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
        bank = new Neo4jKnowledgeBank(neo4j.store());
    }

    @Test
    void sameEmailIsTheSameEntity() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", Map.of("role", "client"), MAIL);
        Entity again = bank.resolveEntity("person", "A. Lee", " ANN@Example.org ", Map.of("city", "Lyon"), MAIL);
        assertEquals(ann.id(), again.id());
        assertEquals("Ann Lee", again.name());
        assertEquals("ann@example.org", again.email());
        assertEquals(Map.of("role", "client", "city", "Lyon"), again.attributes());
        assertEquals(1, count("MATCH (e:Entity) RETURN count(e) AS n"));
    }

    @Test
    void sameNormalizedNameWithinTheTypeIsTheSameEntity() {
        Entity jose = bank.resolveEntity("person", "José  Álvarez", null, null, MAIL);
        assertEquals(jose.id(), bank.resolveEntity("person", "jose alvarez", null, null, MAIL).id());
        Entity withEmail = bank.resolveEntity("person", "JOSE ALVAREZ", "jose@example.org", null, MAIL);
        assertEquals(jose.id(), withEmail.id(), "a name-only entity gains the address");
        assertEquals("jose@example.org", withEmail.email());
        assertNotEquals(jose.id(), bank.resolveEntity("organization", "José Álvarez", null, null, MAIL).id());
        Entity namesake = bank.resolveEntity("person", "José Álvarez", "other.jose@example.org", null, MAIL);
        assertNotEquals(jose.id(), namesake.id(), "a different address on the same name is another person");
        assertEquals(jose.id(), bank.resolveEntity("person", "jose alvarez", null, null, MAIL).id(),
                "a bare name keeps resolving to the first holder of the name");
    }

    @Test
    void eightConcurrentResolversCreateOneEntity() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Entity>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String name = i % 2 == 0 ? "Marie Curie " + round : "  marie   CURIE " + round;
                    String email = i % 3 == 0 ? null : "marie" + round + "@example.org";
                    Callable<Entity> resolve = () -> {
                        start.await();
                        return bank.resolveEntity("person", name, email, null, MAIL);
                    };
                    results.add(pool.submit(resolve));
                }
                start.countDown();
                Set<String> ids = new java.util.HashSet<>();
                for (Future<Entity> f : results) {
                    ids.add(f.get(60, TimeUnit.SECONDS).id());
                }
                assertEquals(1, ids.size(), "round " + round + " resolved to " + ids);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, count("MATCH (e:Entity) RETURN count(e) AS n"));
        assertEquals(5, count("MATCH (e:Entity) WHERE e.email IS NOT NULL RETURN count(e) AS n"));
    }

    @Test
    void aContradictingFactClosesTheOldOneAndHistoryStaysQueryable() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        Fact lyon = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 0.9, JAN, MAIL));
        Fact paris = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 0.8, JUN,
                new Provenance("episode", "ep-1", "flow-1", "extract")));

        List<Fact> now = bank.currentFacts(ann.id(), Instant.now());
        assertEquals(List.of(paris), now);
        List<Fact> inMarch = bank.currentFacts(ann.id(), MAR);
        assertEquals(1, inMarch.size());
        Fact closed = inMarch.get(0);
        assertEquals("Lyon", closed.value());
        assertEquals(JAN, closed.validFrom());
        assertEquals(JUN, closed.validTo());
        assertNull(closed.retractedAt());
        assertNotEquals(lyon.id(), closed.id());
        assertEquals(List.of(), bank.currentFacts(ann.id(), Instant.parse("2025-12-31T00:00:00Z")));

        Map<String, Object> original = neo4j.store().read(new Statement(
                "MATCH (f:Fact {id: $id}) RETURN f.retractedAt AS retractedAt, f.validTo AS validTo, f.supersededBy AS by",
                Map.of("id", lyon.id()))).get(0);
        assertTrue(original.get("retractedAt") != null, "the original record is retracted, not deleted");
        assertNull(original.get("validTo"), "the original record keeps what was believed when it was recorded");
        assertEquals(closed.id(), original.get("by"));
        assertEquals(3, count("MATCH (f:Fact) RETURN count(f) AS n"));

        assertEquals(paris.id(), bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 0.8, JUN, MAIL)).id(),
                "asserting the current fact again returns it");
        Entity bob = bank.resolveEntity("person", "Bob Stone", null, null, MAIL);
        Entity eve = bank.resolveEntity("person", "Eve Marsh", null, null, MAIL);
        bank.assertFact(new FactAssertion(ann.id(), "knows", bob.id(), null, false, 1, JAN, MAIL));
        bank.assertFact(new FactAssertion(ann.id(), "knows", eve.id(), null, false, 1, MAR, MAIL));
        assertEquals(3, bank.currentFacts(ann.id(), Instant.now()).size(), "multi-valued facts coexist");
        assertEquals(2, count("MATCH (:Fact)-[:OBJECT]->(:Entity) RETURN count(*) AS n"));
    }

    @Test
    void aRolledBackFlowsFactsAreRetractedAndWhatTheySupersededHoldsAgain() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        Entity acme = bank.resolveEntity("organization", "Acme", null, null, MAIL);
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 0.9, JAN, MAIL));
        Provenance flow = new Provenance("agent", "extractor", "flow-7", "extract");
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 0.8, JUN, flow));
        bank.assertFact(new FactAssertion(ann.id(), "worksFor", acme.id(), null, true, 0.8, JUN, flow));
        Fact other = bank.assertFact(new FactAssertion(ann.id(), "phone", null, "+33 1 23", true, 1, JAN,
                new Provenance("agent", "extractor", "flow-8", "extract")));

        ((Neo4jKnowledgeBank) bank).rolledBack("flow-7");

        List<Fact> now = bank.currentFacts(ann.id(), Instant.now());
        assertEquals(List.of("livesIn=Lyon", "phone=+33 1 23"), now.stream().map(f -> f.predicate() + "=" + f.value()).toList(),
                "the flow's facts are gone from what holds; the city it contradicted holds again, and another flow's fact stays");
        assertEquals(JAN, now.get(0).validFrom());
        assertNull(now.get(0).validTo());
        assertTrue(now.contains(other));
        assertEquals(3L, ((Number) neo4j.store().read(new Statement("MATCH (f:Fact) WHERE f.retractedBy = 'rollback of flow flow-7' "
                + "RETURN count(f) AS n", Map.of())).get(0).get("n")).longValue(),
                "Paris, works-for and the closed copy of Lyon are retracted, not deleted");
        assertEquals(List.of("livesIn=Lyon", "phone=+33 1 23"), bank.currentFacts(ann.id(), MAR).stream()
                .map(f -> f.predicate() + "=" + f.value()).toList(), "history as of March is unchanged");

        ((Neo4jKnowledgeBank) bank).rolledBack("flow-7");
        assertEquals(now.size(), bank.currentFacts(ann.id(), Instant.now()).size(), "a second rollback changes nothing");
    }

    @Test
    void factsOfAFlowTheJournalShowsRolledBackAreRetractedEvenWhenItsNoticeWasLost() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 0.8, JUN,
                new Provenance("agent", "extractor", "flow-lost", "extract")));
        bank.assertFact(new FactAssertion(ann.id(), "phone", null, "+33 1 23", true, 1, JAN,
                new Provenance("agent", "extractor", "flow-done", "extract")));
        neo4j.store().write(new Statement("CREATE (:FlowInstance {id: 'flow-lost', status: 'COMPENSATED'}), "
                + "(:FlowInstance {id: 'flow-done', status: 'COMPLETED'})", Map.of()));
        try {
            FactLedger ledger = new FactLedger(neo4j.store(), java.time.Clock.systemUTC());
            assertEquals(1, ledger.retractRolledBack());
            assertEquals(List.of("phone"), bank.currentFacts(ann.id(), Instant.now()).stream().map(Fact::predicate).toList());
            assertEquals(0, ledger.retractRolledBack(), "nothing left to retract");
        } finally {
            neo4j.store().write(new Statement("MATCH (f:FlowInstance) DETACH DELETE f", Map.of()));
        }
    }

    @Test
    void aBackdatedFactEndsWhereTheLaterOneStarts() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 1, JUN, MAIL));
        Fact lyon = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 1, JAN, MAIL));
        assertEquals(JUN, lyon.validTo());
        assertEquals("Lyon", bank.currentFacts(ann.id(), MAR).get(0).value());
        assertEquals("Paris", bank.currentFacts(ann.id(), Instant.now()).get(0).value());
    }

    @Test
    void episodesAreLinkedToTheEntitiesTheyMention() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        Entity acme = bank.resolveEntity("organization", "Acme", null, null, MAIL);
        Episode ep = bank.recordEpisode("email", "Ann from Acme asked for a quote", JAN,
                Map.of("from", "ann", "thread", "t-1"), MAIL, List.of(ann.id(), acme.id(), ann.id()));
        assertEquals(Map.of("from", "ann", "thread", "t-1"), ep.metadata());
        assertEquals(JAN, ep.occurredAt());
        assertEquals(Set.of(ann.id(), acme.id()), Set.copyOf(neo4j.store().read(new Statement(
                "MATCH (:Episode {id: $id})-[:MENTIONS]->(e:Entity) RETURN e.id AS id", Map.of("id", ep.id())))
                .stream().map(r -> (String) r.get("id")).toList()));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bank.recordEpisode("note",
                "text", JAN, null, MAIL, List.of(ann.id(), "no-such-entity")));
        assertEquals("Unknown mentioned entity ids [no-such-entity]", e.getMessage());
        assertEquals(1, count("MATCH (e:Episode) RETURN count(e) AS n"), "nothing half-written");
    }

    @Test
    void searchFindsEpisodesAndEntitiesAndExpandsToCurrentFactsWithCitations() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", null, MAIL);
        Entity acme = bank.resolveEntity("organization", "Acme Corporation", null, null, MAIL);
        Fact works = bank.assertFact(new FactAssertion(ann.id(), "worksFor", acme.id(), null, true, 0.9, JAN, MAIL));
        bank.assertFact(new FactAssertion(ann.id(), "phone", null, "+33 1 00 00 00 00", true, 0.9, JAN, MAIL));
        bank.assertFact(new FactAssertion(ann.id(), "phone", null, "+33 6 00 00 00 00", true, 0.9, MAR, MAIL));
        Episode promise = bank.recordEpisode("email", "Ann promised to pay the Q3 invoice by Friday.", MAR, Map.of(),
                MAIL, List.of(ann.id()));
        bank.recordEpisode("note", "Weather was nice (really) AND sunny", JAN, Map.of(), MAIL, List.of());

        List<KnowledgeHit> hits = bank.search("invoice Q3?", null, 5);
        assertFalse(hits.isEmpty());
        KnowledgeHit top = hits.get(0);
        assertEquals(KnowledgeHit.Source.EPISODE, top.source());
        assertEquals(promise.id(), top.id());
        assertEquals(List.of(ann), top.entities());
        assertEquals(Set.of("worksFor", "phone"), Set.copyOf(top.facts().stream().map(Fact::predicate).toList()));
        assertEquals(2, top.facts().size(), "only the current phone number");
        assertTrue(top.facts().stream().anyMatch(f -> f.value() != null && f.value().startsWith("+33 6")));
        assertTrue(top.citations().containsAll(List.of(promise.id(), ann.id(), works.id())), top.citations().toString());

        List<KnowledgeHit> byName = bank.search("acme", Set.of("organization"), 5);
        assertEquals(1, byName.size());
        assertEquals(KnowledgeHit.Source.ENTITY, byName.get(0).source());
        assertEquals(acme.id(), byName.get(0).id());

        List<KnowledgeHit> ann2 = bank.search("ann lee", Set.of("person"), 5);
        KnowledgeHit annHit = ann2.stream().filter(h -> h.source() == KnowledgeHit.Source.ENTITY).findFirst().orElseThrow();
        assertTrue(annHit.entities().contains(acme), "an entity hit links to the entities its facts point to");
        assertTrue(annHit.citations().contains(works.id()));
        assertTrue(ann2.stream().anyMatch(h -> h.id().equals(promise.id())), "an episode mentioning a person passes the type filter");

        assertEquals(1, bank.search("(really) AND \"sunny", Set.of("note"), 5).size(), "query syntax is escaped");
        assertEquals(List.of(), bank.search("nothing-matches-this", null, 5));
    }

    @Test
    void recencyBreaksTiesBetweenEquallyRelevantEpisodes() {
        bank.recordEpisode("note", "renewal of the hosting contract", JAN, null, MAIL, null);
        Episode recent = bank.recordEpisode("note", "renewal of the hosting contract", JUN, null, MAIL, null);
        List<KnowledgeHit> hits = bank.search("hosting contract renewal", null, 2);
        assertEquals(recent.id(), hits.get(0).id());
        assertTrue(hits.get(0).score() > hits.get(1).score());
    }

    @Test
    void forgettingASubjectLeavesOnlyATombstone() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", Map.of("nickname", "Annie"), MAIL);
        Entity bob = bank.resolveEntity("person", "Bob Stone", null, null, MAIL);
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Rue des Lilas 12", true, 1, JAN, MAIL));
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Quai Vert 3", true, 1, JUN, MAIL));
        bank.assertFact(new FactAssertion(bob.id(), "knows", ann.id(), null, false, 1, JAN, MAIL));
        bank.recordEpisode("email", "Ann Lee: my diagnosis is confidential", JAN, Map.of("from", "ann@example.org"),
                MAIL, List.of(ann.id()));
        Episode shared = bank.recordEpisode("note", "Budget meeting notes", MAR, null, MAIL, List.of(ann.id(), bob.id()));

        // entity, 3 livesIn records (original, closed copy, current), the knows fact pointing to her, one episode
        assertEquals(1 + 3 + 1 + 1, bank.forgetSubject(ann.id(), "operator"));

        List<Map<String, Object>> tomb = neo4j.store().read(new Statement(
                "MATCH (t:Tombstone) RETURN properties(t) AS t", Map.of()));
        assertEquals(1, tomb.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) tomb.get(0).get("t");
        assertEquals(ann.id(), t.get("id"));
        assertEquals("operator", t.get("actor"));
        assertEquals(4L, t.get("facts"));
        assertEquals(1L, t.get("episodes"));

        List<String> personal = List.of("ann lee", "ann@example.org", "annie", "lilas", "quai vert", "diagnosis");
        for (Map<String, Object> row : neo4j.store().read(Statement.of(
                "MATCH (n) UNWIND keys(n) AS k RETURN labels(n) AS labels, k AS key, toString(n[k]) AS value"))) {
            String text = (row.get("key") + "=" + row.get("value")).toLowerCase();
            personal.forEach(p -> assertFalse(text.contains(p), row.get("labels") + " still holds " + text));
        }
        assertEquals(1, count("MATCH (e:Episode {id: $id}) RETURN count(e) AS n", Map.of("id", shared.id())),
                "an episode that also mentions someone else stays");
        assertEquals(List.of(), bank.currentFacts(bob.id(), Instant.now()));
        assertThrows(IllegalArgumentException.class, () -> bank.currentFacts(ann.id(), Instant.now()));
        assertEquals(List.of(), bank.search("diagnosis", null, 5));
    }

    @Test
    void badInputIsRejectedWithTheReasonAndWritesNothing() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", null, MAIL);
        assertMessage("Entity name must not be empty", () -> bank.resolveEntity("person", "  ", null, null, MAIL));
        assertMessage("Entity type 'Person!' must be a lower-case letter followed by up to 49 lower-case letters, "
                + "digits, '_' or '-'", () -> bank.resolveEntity("Person!", "Ann", null, null, MAIL));
        assertMessage("E-mail address is not of the form name@domain.tld",
                () -> bank.resolveEntity("person", "Ann", "not-an-address", null, MAIL));
        assertMessage("Entity provenance must be given", () -> bank.resolveEntity("person", "Ann", null, null, null));
        assertMessage("That e-mail address already identifies entity " + ann.id() + " of type 'person', not 'organization'",
                () -> bank.resolveEntity("organization", "Lee Consulting", "ann@example.org", null, MAIL));
        assertMessage("Fact confidence must be between 0 and 1, was 1.5",
                () -> new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 1.5, JAN, MAIL));
        assertMessage("Fact 'livesIn' needs exactly one of an object entity id or a value",
                () -> new FactAssertion(ann.id(), "livesIn", null, null, true, 1, JAN, MAIL));
        assertMessage("Unknown subject entity id nobody",
                () -> bank.assertFact(new FactAssertion("nobody", "livesIn", null, "Lyon", true, 1, JAN, MAIL)));
        assertMessage("Unknown object entity id nothing",
                () -> bank.assertFact(new FactAssertion(ann.id(), "knows", "nothing", null, false, 1, JAN, MAIL)));
        assertMessage("Episode text must not be empty", () -> bank.recordEpisode("note", " ", JAN, null, MAIL, null));
        assertMessage("Episode text is 100001 characters; the limit is 100000",
                () -> bank.recordEpisode("note", "x".repeat(100_001), JAN, null, MAIL, null));
        assertMessage("Episode metadata key 'bad key' must be a letter followed by up to 63 letters, digits, '_', '.' or '-'",
                () -> bank.recordEpisode("note", "hello", JAN, Map.of("bad key", "v"), MAIL, null));
        assertMessage("Search text must not be empty", () -> bank.search("", null, 5));
        assertMessage("Search limit must be 1 to 100, was 0", () -> bank.search("ann", null, 0));
        assertMessage("Unknown entity id nobody", () -> bank.currentFacts("nobody", JAN));
        assertMessage("Unknown entity id nobody", () -> bank.forgetSubject("nobody", "operator"));
        assertMessage("Actor must not be empty", () -> bank.forgetSubject(ann.id(), ""));
        assertEquals(1, count("MATCH (n) WHERE n:Entity OR n:Fact OR n:Episode OR n:Tombstone RETURN count(n) AS n"));
    }

    @Test
    void aTimeWindowKeepsTheEpisodesThatOccurredInItWithTheirMetadata() {
        Map<String, String> turn = Map.of("speaker", "Caroline", "session", "session_3", "dia_id", "D3:7",
                "note", "", "accents", "José & «quotes» \"x\"");
        Episode jan = bank.recordEpisode("turn", "Caroline adopted a dog named Oscar", JAN, Map.of("session", "session_1"),
                MAIL, null);
        Episode mar = bank.recordEpisode("turn", "Caroline walked the dog Oscar in the park", MAR, turn, MAIL, null);
        Episode jun = bank.recordEpisode("turn", "Oscar the dog went to the vet", JUN, Map.of("session", "session_9"),
                MAIL, null);
        bank.resolveEntity("pet", "Oscar", null, null, MAIL);

        List<KnowledgeHit> all = bank.search(new KnowledgeQuery("oscar dog", null, null, null, 10));
        assertEquals(4, all.size(), "three episodes and the entity without a window");
        KnowledgeHit marHit = all.stream().filter(h -> h.id().equals(mar.id())).findFirst().orElseThrow();
        assertEquals(turn, marHit.metadata(), "metadata comes back exactly as stored");
        assertEquals(MAR, marHit.at());

        List<KnowledgeHit> spring = bank.search(new KnowledgeQuery("oscar dog", null, MAR, JUN, 10));
        assertEquals(List.of(mar.id()), spring.stream().map(KnowledgeHit::id).toList(), "from inclusive, to exclusive");
        assertEquals(turn, spring.get(0).metadata());
        assertEquals(Set.of(mar.id(), jun.id()), ids(bank.search(new KnowledgeQuery("oscar", null, MAR, null, 10))));
        assertEquals(Set.of(jan.id()), ids(bank.search(new KnowledgeQuery("oscar", null, null, MAR, 10))));
        assertEquals(Set.of(jun.id()), ids(bank.search(new KnowledgeQuery("oscar", Set.of("turn"), JUN,
                Instant.parse("2026-07-01T00:00:00Z"), 10))));
        assertEquals(List.of(), bank.search(new KnowledgeQuery("oscar", Set.of("email"), JAN, null, 10)));
        assertEquals(1, bank.search(new KnowledgeQuery("oscar", null, null, null, 1)).size());
    }

    @Test
    void aTimeWindowFindsOldEpisodesBeyondTheUnfilteredFetch() {
        for (int i = 0; i < 30; i++) {
            bank.recordEpisode("note", "quarterly report draft " + i, JUN, null, MAIL, null);
        }
        Episode old = bank.recordEpisode("note", "quarterly report", JAN, null, MAIL, null);
        assertEquals(List.of(old.id()), bank.search(new KnowledgeQuery("quarterly report", null, null, MAR, 2))
                .stream().map(KnowledgeHit::id).toList());
    }

    @Test
    void anEntityViewHasItsCurrentFactsAndTheEntitiesTheyLinkItTo() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", Map.of("role", "client"), MAIL);
        Entity acme = bank.resolveEntity("organization", "Acme", null, null, MAIL);
        Entity bob = bank.resolveEntity("person", "Bob Stone", null, null, MAIL);
        Entity eve = bank.resolveEntity("person", "Eve Marsh", null, null, MAIL);
        Fact works = bank.assertFact(new FactAssertion(ann.id(), "worksFor", acme.id(), null, true, 0.9, JAN, MAIL));
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 1, JAN, MAIL));
        Fact paris = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 1, JUN, MAIL));
        Fact knows = bank.assertFact(new FactAssertion(bob.id(), "knows", ann.id(), null, false, 1, JAN, MAIL));
        bank.assertFact(new FactAssertion(eve.id(), "knows", ann.id(), null, false, 1, JAN, JUN, MAIL));

        EntityView view = bank.entity(ann.id()).orElseThrow();
        assertEquals(ann, view.entity());
        assertEquals(List.of(paris, works), view.facts(), "current facts only, by predicate");
        assertEquals(List.of(knows), view.incomingFacts(), "Eve's ended fact is not current");
        assertEquals(Set.of(acme, bob), Set.copyOf(view.linked()));
        assertEquals(2, view.linked().size());

        EntityView lonely = bank.entity(eve.id()).orElseThrow();
        assertEquals(List.of(), lonely.facts());
        assertEquals(List.of(), lonely.linked());
        assertEquals(Optional.empty(), bank.entity("no-such-entity"));
        assertMessage("Entity id must not be blank", () -> bank.entity(" "));
    }

    @Test
    void aFactWithAnEndHoldsUntilThen() {
        Entity ann = bank.resolveEntity("person", "Ann Lee", null, null, MAIL);
        Fact trip = bank.assertFact(new FactAssertion(ann.id(), "staysIn", null, "Rome", false, 1, JAN, MAR, MAIL));
        assertEquals(MAR, trip.validTo());
        assertEquals(List.of(trip), bank.currentFacts(ann.id(), JAN));
        assertEquals(List.of(), bank.currentFacts(ann.id(), MAR));
        bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 1, JUN, MAIL));
        Fact lyon = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Lyon", true, 1, JAN,
                Instant.parse("2026-12-01T00:00:00Z"), MAIL));
        assertEquals(JUN, lyon.validTo(), "a later single-valued fact still ends a back-dated one");
        assertMessage("Fact validTo 2026-01-01T00:00:00Z must be after validFrom 2026-03-01T00:00:00Z",
                () -> new FactAssertion(ann.id(), "livesIn", null, "Nice", true, 1, MAR, JAN, MAIL));
    }

    @Test
    void badSearchQueriesAreRejected() {
        assertMessage("Search window 'to' 2026-01-01T00:00:00Z must be after 'from' 2026-03-01T00:00:00Z",
                () -> new KnowledgeQuery("x", null, MAR, JAN, 5));
        assertMessage("Search limit must be positive, was 0", () -> new KnowledgeQuery("x", null, null, null, 0));
        assertMessage("Search limit must be 1 to 100, was 101",
                () -> bank.search(new KnowledgeQuery("x", null, null, null, 101)));
        assertMessage("Search text must not be empty", () -> bank.search(new KnowledgeQuery(" ", null, JAN, null, 5)));
        assertMessage("Search type 'Bad Type' must be a lower-case letter followed by up to 49 lower-case letters, "
                + "digits, '_' or '-'", () -> bank.search(new KnowledgeQuery("x", Set.of("Bad Type"), null, null, 5)));
        assertMessage("Search query must be given", () -> bank.search(null));
    }

    private static Set<String> ids(List<KnowledgeHit> hits) {
        return Set.copyOf(hits.stream().map(KnowledgeHit::id).toList());
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static long count(String cypher) {
        return count(cypher, Map.of());
    }

    private static long count(String cypher, Map<String, Object> params) {
        return ((Number) neo4j.store().read(new Statement(cypher, params)).get(0).get("n")).longValue();
    }
}

package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.flow.FlowStatus;
import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.Memory;
import dev.steward.api.memory.MemoryTier;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.Turn;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The context bundle from the three tiers, all real: the working memory, and the session history and the knowledge
 * bank on a real Neo4j.
 */
@Timeout(120)
class ContextBundleIT {

    static final Provenance MAIL = new Provenance("connector", "mail", null, null);
    static final Instant JAN = Instant.parse("2026-01-05T00:00:00Z");
    static final String FLOW = "flow-1";
    static final String SESSION = "s-1";

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;

    Neo4jKnowledgeBank bank;
    InMemoryWorkingMemory working;
    Neo4jSessionHistory sessions;
    Memory memory;
    Entity ann;
    Entity acme;
    Fact worksFor;
    Fact livesIn;
    Episode apollo;
    Episode zeus;
    Episode lunch;
    List<String> turnIds = new ArrayList<>();
    SessionSummary summary;

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "Entity", "Fact", "Episode", "Tombstone", "EntityResolutionLock", "Session",
                "Turn", "SessionSummary", "SessionUpkeepRun");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void fill() {
        neo4j.clear();
        bank = new Neo4jKnowledgeBank(neo4j.store());
        working = new InMemoryWorkingMemory(bank, Clock.systemUTC(), 64, 100_000, 100);
        // a window of two: the upkeep summarizes turns 1 and 2, and turns 3 and 4 stay live
        sessions = new Neo4jSessionHistory(neo4j.store(), Clock.systemUTC(),
                new SessionSettings(2, java.time.Duration.ofDays(3650), 300, ExtractiveSummarizer.ID,
                        java.time.Duration.ofHours(1)));
        memory = new TieredMemory(working, sessions, bank);

        ann = bank.resolveEntity("person", "Ann Lee", "ann@example.org", null, MAIL);
        acme = bank.resolveEntity("organization", "Acme Corp", null, null, MAIL);
        worksFor = bank.assertFact(new FactAssertion(ann.id(), "worksFor", acme.id(), null, true, 1.0, JAN, MAIL));
        livesIn = bank.assertFact(new FactAssertion(ann.id(), "livesIn", null, "Paris", true, 1.0, JAN, MAIL));
        apollo = bank.recordEpisode("email", "Ann Lee asked when the Acme invoice for the apollo work is due",
                JAN.plusSeconds(3600), Map.of("project", "apollo"), MAIL, List.of(ann.id()));
        zeus = bank.recordEpisode("note", "The Acme invoice reminder for zeus went out", JAN.plusSeconds(7200),
                Map.of("project", "zeus"), MAIL, List.of(acme.id()));
        lunch = bank.recordEpisode("note", "Lunch with Bob, nothing about any invoice was decided", JAN.plusSeconds(9000),
                null, MAIL, List.of());

        working.put(FLOW, "draft", "Dear Ann, the Acme invoice is due on Friday.");
        working.put(FLOW, "plan", "Check the invoice, then reply.");
        Provenance op = new Provenance("user", "olivia", null, null);
        for (int i = 1; i <= 4; i++) {
            Turn t = sessions.append(SESSION, i % 2 == 1 ? "client" : "operator", "Turn " + i + " about the invoice",
                    JAN.plusSeconds(100L * i), null, op);
            turnIds.add(t.id());
        }
        assertEquals(2, sessions.upkeep("test").turnsSummarized());
        summary = sessions.session(SESSION, 10).orElseThrow().summaries().get(0);
    }

    private ContextBundle context(String task, int maxChars) {
        return memory.context(new ContextRequest(task, SESSION, FLOW, maxChars, null, null));
    }

    private static List<String> citations(ContextBundle b, MemoryTier tier) {
        return b.items().stream().filter(i -> i.tier() == tier).map(ContextItem::citation).toList();
    }

    private long count(String cypher, String id) {
        return ((Number) neo4j.store().read(new Statement(cypher, Map.of("id", id))).get(0).get("n")).longValue();
    }

    @Test
    void aLargeBudgetHoldsEveryTierInOrderEachItemCitingWhatItCameFrom() {
        ContextBundle b = context("Acme invoice for Ann", 200_000);

        List<MemoryTier> tiers = b.items().stream().map(ContextItem::tier).toList();
        List<MemoryTier> sorted = new ArrayList<>(tiers);
        sorted.sort(null);
        assertEquals(sorted, tiers, "working, then session, then knowledge");
        assertEquals(List.of(FLOW + "/draft", FLOW + "/plan"), citations(b, MemoryTier.EPHEMERAL));
        List<String> session = new ArrayList<>(List.of(summary.id()));
        session.addAll(turnIds.subList(2, 4));
        assertEquals(session, citations(b, MemoryTier.SESSION), "summaries, then the live turns, oldest first");
        ContextItem firstTurn = b.items().stream().filter(i -> i.citation().equals(turnIds.get(2))).findFirst().orElseThrow();
        assertEquals("client: Turn 3 about the invoice", firstTurn.text());

        List<ContextItem> knowledge = b.items().stream().filter(i -> i.tier() == MemoryTier.KNOWLEDGE).toList();
        for (ContextItem item : knowledge) {
            String label = switch (item.kind()) {
                case "episode" -> "Episode";
                case "entity" -> "Entity";
                case "fact" -> "Fact";
                default -> throw new AssertionError(item.kind());
            };
            assertEquals(1, count("MATCH (n:" + label + " {id: $id}) RETURN count(n) AS n", item.citation()),
                    item.kind() + " " + item.citation() + " resolves to a stored node");
        }
        Set<String> cited = new HashSet<>();
        b.items().forEach(i -> assertTrue(cited.add(i.citation()), "cited once: " + i.citation()));
        assertTrue(cited.containsAll(Set.of(apollo.id(), zeus.id(), lunch.id(), worksFor.id(), livesIn.id())), cited.toString());
        ContextItem fact = knowledge.stream().filter(i -> i.citation().equals(worksFor.id())).findFirst().orElseThrow();
        assertEquals("Ann Lee worksFor Acme Corp (since 2026-01-05)", fact.text());
        ContextItem value = knowledge.stream().filter(i -> i.citation().equals(livesIn.id())).findFirst().orElseThrow();
        assertEquals("Ann Lee livesIn Paris (since 2026-01-05)", value.text());
        for (int i = 1; i < knowledge.size(); i++) {
            assertTrue(knowledge.get(i - 1).score() >= knowledge.get(i).score(), "knowledge best first");
        }

        assertEquals(0, b.omitted());
        assertFalse(b.items().stream().anyMatch(ContextItem::truncated));
        assertEquals(b.items().stream().mapToInt(i -> i.text().length()).sum(), b.usedChars());
        assertEquals(200_000, b.maxChars());
        assertEquals("Acme invoice for Ann", b.task());
    }

    @Test
    void everyBudgetIsRespectedAndTheItemsCutOrLeftOutAreCounted() {
        ContextBundle full = context("Acme invoice for Ann", 200_000);
        int candidates = full.items().size();
        int total = full.usedChars();
        Map<String, String> fullText = new java.util.HashMap<>();
        full.items().forEach(i -> fullText.put(i.citation(), i.text()));
        for (int budget : new int[] {1, 2, 5, 17, 40, 100, 250, total - 1, total}) {
            ContextBundle b = context("Acme invoice for Ann", budget);
            String what = "budget " + budget + ": " + b;
            assertTrue(b.usedChars() <= budget, what);
            assertEquals(b.items().stream().mapToInt(i -> i.text().length()).sum(), b.usedChars(), what);
            assertEquals(Math.min(budget, total), b.usedChars(), "the budget is used up while material is left: " + what);
            long cut = b.items().stream().filter(ContextItem::truncated).count();
            assertEquals(candidates, b.items().size() + b.omitted(), "every candidate is kept, cut or counted: " + what);
            assertTrue(cut <= 3, "at most one cut per tier: " + what);
            for (ContextItem item : b.items()) {
                String whole = fullText.get(item.citation());
                assertTrue(item.truncated() ? whole.startsWith(item.text()) && whole.length() > item.text().length()
                        : whole.equals(item.text()), what);
            }
            if (budget < total) {
                assertTrue(b.omitted() > 0 || cut > 0, what);
            }
        }
        ContextBundle tiny = context("Acme invoice for Ann", 1);
        assertEquals(1, tiny.items().size());
        assertTrue(tiny.items().get(0).truncated());
        assertEquals(candidates - 1, tiny.omitted());
    }

    @Test
    void theSameRequestGivesTheSameBundle() {
        for (int budget : new int[] {30, 300, 200_000}) {
            assertEquals(shape(context("Acme invoice for Ann", budget)), shape(context("Acme invoice for Ann", budget)));
        }
    }

    private static List<String> shape(ContextBundle b) {
        return b.items().stream().map(i -> i.tier() + " " + i.kind() + " " + i.citation() + " " + i.truncated() + " "
                + i.text()).toList();
    }

    @Test
    void typeAndMetadataFiltersReachTheKnowledgeBank() {
        ContextBundle emails = memory.context(new ContextRequest("Acme invoice", null, null, 10_000, Set.of("email"), null));
        assertEquals(List.of(apollo.id(), livesIn.id(), worksFor.id()).stream().sorted().toList(),
                citations(emails, MemoryTier.KNOWLEDGE).stream().sorted().toList(),
                "the e-mail and the facts of Ann, whom it mentions; no note, no entity of another type");
        assertEquals(apollo.id(), emails.items().get(0).citation());

        ContextBundle zeusOnly = memory.context(new ContextRequest("Acme invoice", null, null, 10_000, null,
                Map.of("project", "zeus")));
        assertEquals(zeus.id(), zeusOnly.items().get(0).citation());
        assertTrue(zeusOnly.items().stream().noneMatch(i -> i.kind().equals("episode") && !i.citation().equals(zeus.id())
                || i.kind().equals("entity")), "a metadata filter keeps the episodes carrying it, and no entity: " + zeusOnly);
        assertTrue(citations(zeusOnly, MemoryTier.EPHEMERAL).isEmpty() && citations(zeusOnly, MemoryTier.SESSION).isEmpty(),
                "no flow and no session asked for");
    }

    @Test
    void aFlowThatEndedHasNoWorkingContextLeft() {
        working.ended(FLOW, FlowStatus.COMPLETED);
        ContextBundle b = context("Acme invoice for Ann", 200_000);
        assertTrue(citations(b, MemoryTier.EPHEMERAL).isEmpty());
        assertFalse(citations(b, MemoryTier.SESSION).isEmpty());
        ContextBundle unknown = memory.context(new ContextRequest("Acme invoice", "no-such-session", "no-such-flow", 500,
                null, null));
        assertTrue(unknown.items().stream().allMatch(i -> i.tier() == MemoryTier.KNOWLEDGE));
    }

    @Test
    void badRequestsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ContextRequest("  ", null, null, 100, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ContextRequest("x", null, null, 0, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ContextRequest("x", null, null, ContextRequest.MAX_CHARS + 1, null, null));
        assertThrows(IllegalArgumentException.class, () -> memory.context(null));
        IllegalArgumentException flow = assertThrows(IllegalArgumentException.class,
                () -> memory.context(new ContextRequest("x", null, " ", 100, null, null)));
        assertTrue(flow.getMessage().contains("flowId"), flow.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> memory.context(new ContextRequest("x", null, null, 100, Set.of("Not A Type"), null)));
        assertTrue(type.getMessage().contains("Not A Type"), type.getMessage());
    }
}

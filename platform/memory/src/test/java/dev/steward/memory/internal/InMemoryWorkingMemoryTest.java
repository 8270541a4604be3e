package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.steward.api.flow.FlowStatus;
import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.FactAssertion;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;
import dev.steward.api.memory.Provenance;

@Timeout(30)
class InMemoryWorkingMemoryTest {

    static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    final RecordingBank bank = new RecordingBank();
    final InMemoryWorkingMemory memory = new InMemoryWorkingMemory(bank, Clock.fixed(NOW, ZoneOffset.UTC), 3, 20, 2);

    @Test
    void entriesKeepTheOrderTheirKeysWereFirstSetAndReplaceByKey() {
        memory.put("f1", "b", "two");
        memory.put("f1", "a", "one");
        memory.put("f1", "b", "TWO");
        assertEquals(List.of("b", "a"), List.copyOf(memory.entries("f1").keySet()));
        assertEquals(Optional.of("TWO"), memory.get("f1", "b"));
        assertEquals(Optional.empty(), memory.get("f1", "zzz"));
        assertEquals(Map.of(), memory.entries("unknown"));
        assertEquals(Optional.empty(), memory.get("unknown", "a"));
    }

    @Test
    void exceedingABoundNamesTheLimitAndChangesNothing() {
        memory.put("f1", "a", "0123456789");
        memory.put("f1", "b", "01234");
        memory.put("f1", "c", "");
        Map<String, String> before = memory.entries("f1");

        IllegalArgumentException entries = assertThrows(IllegalArgumentException.class, () -> memory.put("f1", "d", "x"));
        assertTrue(entries.getMessage().contains("max.entries.per.flow"), entries.getMessage());
        IllegalArgumentException chars = assertThrows(IllegalArgumentException.class,
                () -> memory.put("f1", "b", "0123456789x"));
        assertTrue(chars.getMessage().contains("max.chars.per.flow"), chars.getMessage());
        assertTrue(chars.getMessage().contains("21"), "says how much it would hold: " + chars.getMessage());
        assertEquals(before, memory.entries("f1"));

        memory.put("f1", "b", "0123456789"); // replacing counts the new text only: 20 characters fit
        memory.put("f2", "a", "x");
        IllegalArgumentException flows = assertThrows(IllegalArgumentException.class, () -> memory.put("f3", "a", "x"));
        assertTrue(flows.getMessage().contains("max.flows"), flows.getMessage());
        assertEquals(Map.of(), memory.entries("f3"));
        assertEquals(2, memory.flows());
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> memory.put(" ", "a", "x"));
        assertThrows(IllegalArgumentException.class, () -> memory.put("f1", "", "x"));
        assertThrows(IllegalArgumentException.class, () -> memory.put("f1", "a", null));
        assertThrows(IllegalArgumentException.class, () -> memory.put("f1", "k".repeat(201), "x"));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryWorkingMemory(bank, Clock.systemUTC(), 0, 1, 1));
        assertEquals(0, memory.flows());
    }

    @Test
    void aFlowsContextIsDroppedWhenItEndsOrIsRolledBack() {
        memory.put("f1", "a", "x");
        memory.put("f2", "a", "y");
        memory.ended("f1", FlowStatus.COMPLETED);
        assertEquals(Map.of(), memory.entries("f1"));
        assertEquals(Map.of("a", "y"), memory.entries("f2"));
        memory.rolledBack("f2");
        assertEquals(0, memory.flows());
        memory.put("f3", "a", "room again"); // the bounds count the flows that still have a context
        memory.clear("f3");
        assertEquals(0, memory.flows());
    }

    @Test
    void promoteRecordsTheEntryAsAnEpisodeWithTheFlowAsProvenance() {
        memory.put("f1", "draft", "Reply to Ann");
        Episode e = memory.promote("f1", "draft", "note", new Provenance("agent", "writer", null, "s1"));
        assertEquals("note", e.kind());
        assertEquals("Reply to Ann", e.text());
        assertEquals(new Provenance("agent", "writer", "f1", "s1"), e.provenance());
        assertEquals(Map.of("workingKey", "draft"), e.metadata());
        assertEquals(NOW, e.occurredAt());
        assertEquals(Optional.of("Reply to Ann"), memory.get("f1", "draft"), "the entry stays");

        assertEquals(new Provenance("flow", "f1", "f1", null), memory.promote("f1", "draft", "note", null).provenance());
        Provenance other = new Provenance("agent", "writer", "f9", null);
        assertEquals(other, memory.promote("f1", "draft", "note", other).provenance(), "a given flow is kept");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> memory.promote("f1", "nope", "note", null));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        assertEquals(3, bank.episodes.size());
    }

    @Test
    void concurrentWritersNeverPassTheBounds() throws Exception {
        InMemoryWorkingMemory shared = new InMemoryWorkingMemory(bank, Clock.systemUTC(), 50, 1_000, 4);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(() -> {
                    int refused = 0;
                    for (int i = 0; i < 200; i++) {
                        try {
                            shared.put("f" + (i % 6), "w" + writer + "-" + (i % 20), "0123456789");
                        } catch (IllegalArgumentException e) {
                            refused++;
                        }
                        if (i % 50 == 49) {
                            shared.ended("f" + (i % 6), FlowStatus.COMPLETED);
                        }
                    }
                    return refused;
                });
            }
            int refused = 0;
            for (Future<Integer> f : pool.invokeAll(writers)) {
                refused += f.get();
            }
            assertTrue(refused > 0, "the bounds were reached");
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertTrue(shared.flows() <= 4);
        for (int f = 0; f < 6; f++) {
            Map<String, String> entries = shared.entries("f" + f);
            assertTrue(entries.size() <= 50);
            assertTrue(entries.values().stream().mapToInt(String::length).sum() <= 1_000);
        }
    }

    /** Records episodes as the knowledge bank would return them; nothing else is called. */
    static final class RecordingBank implements KnowledgeBank {

        final List<Episode> episodes = new ArrayList<>();

        @Override
        public Episode recordEpisode(String kind, String text, Instant occurredAt, Map<String, String> metadata,
                Provenance provenance, List<String> mentionedEntityIds) {
            Episode e = new Episode("ep-" + (episodes.size() + 1), kind, text, occurredAt, metadata, provenance);
            episodes.add(e);
            return e;
        }

        @Override
        public Entity resolveEntity(String type, String name, String email, Map<String, String> attributes, Provenance p) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Fact assertFact(FactAssertion assertion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Fact> currentFacts(String entityId, Instant asOf) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KnowledgeHit> search(String text, Set<String> types, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KnowledgeHit> search(KnowledgeQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<EntityView> entity(String entityId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int forgetSubject(String entityId, String actor) {
            throw new UnsupportedOperationException();
        }
    }
}

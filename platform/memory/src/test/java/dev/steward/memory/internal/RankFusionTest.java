package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.memory.KnowledgeHit;

/** Reciprocal rank fusion of the search's ranked lists. */
class RankFusionTest {

    static KnowledgeSearch.Found found(String id, double score, String at) {
        return new KnowledgeSearch.Found(KnowledgeHit.Source.EPISODE, Map.of("id", id), score, Instant.parse(at), List.of());
    }

    static List<String> ids(List<KnowledgeSearch.Found> fs) {
        return fs.stream().map(KnowledgeSearch.Found::id).toList();
    }

    @Test
    void aHitInBothListsOutranksTheTopOfEither() {
        var vector = List.of(found("a", 0.9, "2026-01-01T00:00:00Z"), found("both", 0.8, "2026-01-01T00:00:00Z"));
        var words = List.of(found("b", 7.0, "2026-01-01T00:00:00Z"), found("both", 3.0, "2026-01-01T00:00:00Z"));
        var fused = RankFusion.fuse(List.of(vector, words), 60, KnowledgeSearch.Found::rank);
        assertEquals("both", fused.get(0).id());
        assertEquals(2.0 / 62, fused.get(0).rank(), 1e-12);
        assertEquals(1.0 / 61, fused.get(1).rank(), 1e-12);
    }

    @Test
    void equalScoresShareARankAndTheNewerComesFirst() {
        var words = List.of(found("old", 2.0, "2026-01-01T00:00:00Z"), found("new", 2.0, "2026-06-01T00:00:00Z"),
                found("weaker", 1.0, "2026-07-01T00:00:00Z"));
        var fused = RankFusion.fuse(List.of(words), 60, KnowledgeSearch.Found::rank);
        assertEquals(List.of("new", "old", "weaker"), ids(fused));
        assertEquals(fused.get(0).rank(), fused.get(1).rank());
        assertEquals(1.0 / 63, fused.get(2).rank(), 1e-12, "competition ranking: the next score is rank 3");
    }

    @Test
    void theAdjustmentAppliesToTheFusedScore() {
        var words = List.of(found("a", 2.0, "2026-01-01T00:00:00Z"), found("b", 1.9, "2026-06-01T00:00:00Z"));
        var fused = RankFusion.fuse(List.of(words), 60, f -> f.rank() * (f.id().equals("b") ? 1.05 : 1.0));
        assertEquals(List.of("b", "a"), ids(fused), "a 5 % nudge lifts a near-tie");
        assertTrue(RankFusion.fuse(List.of(), 60, KnowledgeSearch.Found::rank).isEmpty());
    }
}

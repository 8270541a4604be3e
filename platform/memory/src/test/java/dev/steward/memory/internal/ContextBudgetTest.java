package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.MemoryTier;

class ContextBudgetTest {

    private static ContextItem item(String id, String text) {
        return new ContextItem(id, MemoryTier.KNOWLEDGE, "episode", text, 1.0, null, false);
    }

    @Test
    void eachTierGetsItsShareAndWhatOthersLeaveGoesInTierOrder() {
        Map<MemoryTier, Integer> needs = Map.of(MemoryTier.EPHEMERAL, 500, MemoryTier.SESSION, 10, MemoryTier.KNOWLEDGE, 900);
        // shares of 1000: 200 / 300 / 500; session needs 10, leaving 290 for working first, then knowledge
        assertEquals(Map.of(MemoryTier.EPHEMERAL, 490, MemoryTier.SESSION, 10, MemoryTier.KNOWLEDGE, 500),
                ContextBudget.allot(1000, needs));
        assertEquals(Map.of(MemoryTier.EPHEMERAL, 0, MemoryTier.SESSION, 0, MemoryTier.KNOWLEDGE, 1000),
                ContextBudget.allot(1000, Map.of(MemoryTier.KNOWLEDGE, 5000)));
        assertEquals(Map.of(MemoryTier.EPHEMERAL, 5, MemoryTier.SESSION, 7, MemoryTier.KNOWLEDGE, 9),
                ContextBudget.allot(1000, Map.of(MemoryTier.EPHEMERAL, 5, MemoryTier.SESSION, 7, MemoryTier.KNOWLEDGE, 9)));
        for (int budget : new int[] {1, 2, 3, 7, 99, 200_000}) {
            Map<MemoryTier, Integer> a = ContextBudget.allot(budget,
                    Map.of(MemoryTier.EPHEMERAL, 300_000, MemoryTier.SESSION, 300_000, MemoryTier.KNOWLEDGE, 300_000));
            assertEquals(budget, a.values().stream().mapToInt(Integer::intValue).sum(), "budget " + budget);
        }
    }

    @Test
    void theFirstItemThatDoesNotFitIsCutAndTheRestOmitted() {
        List<ContextItem> items = List.of(item("a", "aaaa"), item("b", "bbbbbbbb"), item("c", "c"));
        ContextBudget.Packed packed = ContextBudget.pack(items, 7);
        assertEquals(List.of("aaaa", "bbb"), packed.kept().stream().map(ContextItem::text).toList());
        assertFalse(packed.kept().get(0).truncated());
        assertTrue(packed.kept().get(1).truncated());
        assertEquals("b", packed.kept().get(1).citation());
        assertEquals(1, packed.omitted(), "c would fit, but nothing after the cut is kept");

        assertEquals(3, ContextBudget.pack(items, 13).kept().size());
        assertEquals(0, ContextBudget.pack(items, 13).omitted());
        ContextBudget.Packed none = ContextBudget.pack(items, 0);
        assertEquals(List.of(), none.kept());
        assertEquals(3, none.omitted());
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        assertEquals("a", ContextBudget.cut("a\uD83D\uDE00b", 2));
        assertEquals("a\uD83D\uDE00", ContextBudget.cut("a\uD83D\uDE00b", 3));
        ContextBudget.Packed packed = ContextBudget.pack(List.of(item("x", "\uD83D\uDE00")), 1);
        assertEquals(List.of(), packed.kept());
        assertEquals(1, packed.omitted());
    }
}

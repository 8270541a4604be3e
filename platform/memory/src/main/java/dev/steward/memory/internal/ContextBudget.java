package dev.steward.memory.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.MemoryTier;

/**
 * Packs the candidate items of the three tiers into a size budget. Each tier is allotted a share of the budget
 * ({@value #WORKING_SHARE} % working, {@value #SESSION_SHARE} % session, the rest knowledge), capped at what its
 * candidates need; what a tier leaves unused goes to the tiers that need more, working first, then session, then
 * knowledge. Within its allotment a tier keeps its candidates in their priority order while they fit whole; the first
 * that does not is cut to what is left (marked truncated) and the candidates after it are omitted.
 */
final class ContextBudget {

    static final int WORKING_SHARE = 20;
    static final int SESSION_SHARE = 30;

    /** What was kept of a tier's candidates, and how many were left out. */
    record Packed(List<ContextItem> kept, int omitted) {
    }

    private ContextBudget() {
    }

    /**
     * Splits the budget among the tiers.
     *
     * @param maxChars the budget
     * @param needs the characters of all the candidates of each tier
     * @return the characters each tier may use; their sum is at most {@code maxChars}
     */
    static Map<MemoryTier, Integer> allot(int maxChars, Map<MemoryTier, Integer> needs) {
        Map<MemoryTier, Integer> shares = new EnumMap<>(MemoryTier.class);
        int working = (int) ((long) maxChars * WORKING_SHARE / 100);
        int session = (int) ((long) maxChars * SESSION_SHARE / 100);
        shares.put(MemoryTier.EPHEMERAL, working);
        shares.put(MemoryTier.SESSION, session);
        shares.put(MemoryTier.KNOWLEDGE, maxChars - working - session);
        Map<MemoryTier, Integer> allotted = new EnumMap<>(MemoryTier.class);
        int left = maxChars;
        for (MemoryTier tier : MemoryTier.values()) {
            int given = Math.min(shares.get(tier), needs.getOrDefault(tier, 0));
            allotted.put(tier, given);
            left -= given;
        }
        for (MemoryTier tier : MemoryTier.values()) {
            int more = Math.min(left, needs.getOrDefault(tier, 0) - allotted.get(tier));
            if (more > 0) {
                allotted.put(tier, allotted.get(tier) + more);
                left -= more;
            }
        }
        return allotted;
    }

    /**
     * Keeps candidates in order while they fit whole; cuts the first that does not to what is left and omits the rest.
     *
     * @param candidates one tier's candidates, in priority order
     * @param allotment the characters the tier may use
     * @return what was kept, in the same order, and how many were omitted
     */
    static Packed pack(List<ContextItem> candidates, int allotment) {
        List<ContextItem> kept = new ArrayList<>();
        int left = allotment;
        for (int i = 0; i < candidates.size(); i++) {
            ContextItem item = candidates.get(i);
            if (item.text().length() <= left) {
                kept.add(item);
                left -= item.text().length();
                continue;
            }
            String cut = cut(item.text(), left);
            if (!cut.isEmpty()) {
                kept.add(new ContextItem(item.citation(), item.tier(), item.kind(), cut, item.score(), item.at(), true));
            }
            return new Packed(kept, candidates.size() - kept.size());
        }
        return new Packed(kept, 0);
    }

    /** The first {@code max} characters, one fewer rather than half a surrogate pair. */
    static String cut(String text, int max) {
        if (max <= 0) {
            return "";
        }
        int end = Math.min(max, text.length());
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}

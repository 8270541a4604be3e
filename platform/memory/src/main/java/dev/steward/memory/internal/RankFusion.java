package dev.steward.memory.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Reciprocal rank fusion: a hit at rank r (from 1) of a list adds 1/(k + r) to its score, summed over the lists it is
 * in, so a hit found both by meaning and by words rises above one found by either alone, whatever the scales of the
 * lists' own scores. Hits with equal scores in a list share a rank, so that exact ties stay ties.
 */
final class RankFusion {

    private RankFusion() {
    }

    /**
     * Fuses ranked lists (each best first, {@link KnowledgeSearch.Found#rank()} its own score), then adjusts each
     * fused score (recency) and sorts best first, the newer first on equal scores.
     */
    static List<KnowledgeSearch.Found> fuse(List<List<KnowledgeSearch.Found>> lists, int k,
            ToDoubleFunction<KnowledgeSearch.Found> adjust) {
        Map<String, KnowledgeSearch.Found> first = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (List<KnowledgeSearch.Found> list : lists) {
            int rank = 0;
            double previous = Double.NaN;
            for (int i = 0; i < list.size(); i++) {
                KnowledgeSearch.Found f = list.get(i);
                if (f.rank() != previous) {
                    rank = i + 1;
                    previous = f.rank();
                }
                first.putIfAbsent(f.id(), f);
                scores.merge(f.id(), 1.0 / (k + rank), Double::sum);
            }
        }
        List<KnowledgeSearch.Found> out = new ArrayList<>();
        first.forEach((id, f) -> {
            KnowledgeSearch.Found fused = f.ranked(scores.get(id));
            out.add(fused.ranked(adjust.applyAsDouble(fused)));
        });
        out.sort(Comparator.comparingDouble(KnowledgeSearch.Found::rank).reversed()
                .thenComparing(KnowledgeSearch.Found::at, Comparator.reverseOrder()));
        return out;
    }
}

package dev.steward.governance.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.Ratio;

/**
 * The flows started in the window that have ended: how many completed with no human step (per definition: the
 * autonomy), and of all of them how many did so and can be rolled back entirely (automated with an observable
 * rollback). A human step is a step held for approval, or a retry an operator asked for.
 */
final class FlowOutcomes {

    private final Ratio automatedWithRollback;
    private final List<Autonomy> autonomy;

    private FlowOutcomes(Ratio automatedWithRollback, List<Autonomy> autonomy) {
        this.automatedWithRollback = automatedWithRollback;
        this.autonomy = autonomy;
    }

    /** {@code reversible} tells whether a completed flow's every succeeded step has a compensation. */
    static FlowOutcomes of(List<Map<String, Object>> rows, Window w, Predicate<String> reversible) {
        int ended = 0;
        int automated = 0;
        Map<String, int[]> byDefinition = new TreeMap<>();
        for (Map<String, Object> row : rows) {
            if (!w.holds(Instant.parse((String) row.get("startedAt")))) {
                continue;
            }
            ended++;
            int[] counts = byDefinition.computeIfAbsent((String) row.get("definitionId"), d -> new int[2]);
            counts[1]++;
            boolean autonomous = "COMPLETED".equals(row.get("status")) && !Boolean.TRUE.equals(row.get("human"));
            if (autonomous) {
                counts[0]++;
                if (reversible.test((String) row.get("id"))) {
                    automated++;
                }
            }
        }
        List<Autonomy> autonomy = new ArrayList<>();
        byDefinition.forEach((definition, c) -> autonomy.add(new Autonomy(definition, new Ratio(c[0], c[1]))));
        return new FlowOutcomes(new Ratio(automated, ended), autonomy);
    }

    Ratio automatedWithRollback() {
        return automatedWithRollback;
    }

    List<Autonomy> autonomy() {
        return autonomy;
    }
}

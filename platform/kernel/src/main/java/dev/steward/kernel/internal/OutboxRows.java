package dev.steward.kernel.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.connector.EffectRequest;

/**
 * The outbox rows of the effects a step asked for: one {@code (:OutboxEffect)} each, written with the step's result.
 * The key is the step's idempotency key and the effect's place ({@code <flow>:<step>#<n>}), so a step that runs again
 * after a crash asks for the same keys and the {@code MERGE} on the key adds nothing twice.
 */
final class OutboxRows {

    private OutboxRows() {
    }

    static List<Map<String, Object>> of(String flowId, String stepId, String stepKey, List<EffectRequest> effects,
            Instant at) {
        List<Map<String, Object>> rows = new ArrayList<>(effects.size());
        for (int i = 0; i < effects.size(); i++) {
            EffectRequest e = effects.get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", stepKey + "#" + (i + 1));
            row.put("capability", e.capability());
            row.put("payload", Json.write(e.payload()));
            row.put("flowId", flowId);
            row.put("stepId", stepId);
            row.put("status", "PENDING");
            row.put("attempts", 0);
            row.put("lastError", "");
            row.put("requestedAt", at.toEpochMilli());
            row.put("nextAttemptAt", at.toEpochMilli());
            rows.add(row);
        }
        return rows;
    }
}

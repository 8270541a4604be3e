package dev.steward.memory.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.Provenance;

/**
 * Maps the knowledge bank's values to node properties and back. Times are epoch milliseconds (as in the kernel's
 * journal); free label maps become prefixed properties ({@code attr.}, {@code meta.}), set through parameters.
 */
final class Props {

    static final String ATTR = "attr.";
    static final String META = "meta.";

    private Props() {
    }

    static Map<String, Object> provenance(Provenance p) {
        Map<String, Object> m = new HashMap<>();
        m.put("provSourceType", p.sourceType());
        m.put("provSourceId", p.sourceId());
        m.put("provFlowInstanceId", p.flowInstanceId());
        m.put("provStepId", p.stepId());
        return m;
    }

    static Map<String, Object> prefixed(String prefix, Map<String, String> labels) {
        Map<String, Object> m = new HashMap<>();
        labels.forEach((k, v) -> m.put(prefix + k, v));
        return m;
    }

    static Entity entity(Map<String, Object> n) {
        return new Entity(str(n, "id"), str(n, "type"), str(n, "name"), str(n, "email"), unprefixed(ATTR, n));
    }

    static Fact fact(Map<String, Object> n) {
        return new Fact(str(n, "id"), str(n, "subjectId"), str(n, "predicate"), str(n, "objectId"), str(n, "value"),
                ((Number) n.get("confidence")).doubleValue(), time(n, "validFrom"), time(n, "validTo"),
                time(n, "recordedAt"), time(n, "retractedAt"), provenance(n));
    }

    static Episode episode(Map<String, Object> n) {
        return new Episode(str(n, "id"), str(n, "kind"), str(n, "text"), time(n, "occurredAt"), unprefixed(META, n),
                provenance(n));
    }

    static Instant time(Map<String, Object> n, String key) {
        Object v = n.get(key);
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }

    static Provenance provenance(Map<String, Object> n) {
        return new Provenance(str(n, "provSourceType"), str(n, "provSourceId"), str(n, "provFlowInstanceId"),
                str(n, "provStepId"));
    }

    static Map<String, String> unprefixed(String prefix, Map<String, Object> n) {
        Map<String, String> m = new HashMap<>();
        n.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null) {
                m.put(k.substring(prefix.length()), v.toString());
            }
        });
        return m;
    }

    static String str(Map<String, Object> n, String key) {
        Object v = n.get(key);
        return v == null ? null : v.toString();
    }
}

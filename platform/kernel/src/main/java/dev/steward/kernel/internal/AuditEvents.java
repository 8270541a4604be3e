package dev.steward.kernel.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.steward.api.flow.AuditEvent;

/**
 * A flow's audit trail. What happens to the flow as a whole (created, ended, cancelled, retried, rolled back,
 * signalled) is stored as {@code FlowEvent} nodes; what happens to a step is read from its {@code StepRun}
 * node, which already records it, so a step costs no extra write.
 */
final class AuditEvents {

    private AuditEvents() {
    }

    static Map<String, Object> row(Instant at, String type, String stepId, String actor, String detail) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("at", at.toString());
        row.put("type", type);
        row.put("stepId", stepId);
        row.put("actor", actor == null || actor.isBlank() ? "kernel" : actor);
        row.put("detail", detail == null ? "" : detail);
        return row;
    }

    static List<AuditEvent> trail(String flowId, List<Map<String, Object>> flowEvents, List<Map<String, Object>> steps) {
        List<AuditEvent> trail = new ArrayList<>();
        // step events first: a flow event caused by a step (COMPLETED, FAILED) has the same instant and sorts after it
        for (Map<String, Object> s : steps) {
            String stepId = (String) s.get("stepId");
            Object deadline = s.get("deadline");
            if (deadline != null) {
                trail.add(event(flowId, s.get("startedAt"), "STEP_WAITING", stepId,
                        (s.get("signal") == null ? "timer" : "signal " + s.get("signal")) + " until " + deadline));
            }
            if (s.get("finishedAt") != null) {
                boolean ok = !"FAILED".equals(s.get("status"));
                trail.add(event(flowId, s.get("finishedAt"), ok ? "STEP_SUCCEEDED" : "STEP_FAILED", stepId,
                        ok ? "attempts " + s.get("attempts") : (String) s.get("error")));
            }
            if (s.get("compensatedAt") != null) {
                trail.add(event(flowId, s.get("compensatedAt"), "STEP_COMPENSATED", stepId,
                        "attempts " + s.get("compensationAttempts")));
            }
            if (s.get("compensationError") != null) {
                trail.add(event(flowId, s.get("compensationFailedAt"), "STEP_COMPENSATION_FAILED", stepId,
                        (String) s.get("compensationError")));
            }
        }
        for (Map<String, Object> e : flowEvents) {
            trail.add(new AuditEvent(flowId, Instant.parse((String) e.get("at")), (String) e.get("type"),
                    (String) e.get("stepId"), (String) e.get("actor"), (String) e.get("detail")));
        }
        trail.sort(Comparator.comparing(AuditEvent::at));
        return trail;
    }

    private static AuditEvent event(String flowId, Object at, String type, String stepId, String detail) {
        return new AuditEvent(flowId, Instant.parse((String) at), type, stepId, "kernel", detail);
    }
}

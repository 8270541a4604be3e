package dev.steward.kernel.internal;

import java.time.Instant;
import java.util.Map;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;

/** Turns journal nodes, as the store returns them (maps of properties), back into kernel values. */
final class JournalRows {

    private JournalRows() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    static FlowInstance instance(Object node) {
        Map<String, Object> f = map(node);
        return new FlowInstance((String) f.get("id"), (String) f.get("definitionId"),
                ((Number) f.get("definitionVersion")).intValue(), FlowStatus.valueOf((String) f.get("status")),
                Instant.parse((String) f.get("startedAt")), Instant.parse((String) f.get("updatedAt")),
                Json.read(f.get("input")));
    }

    static FlowJournal.StepRecord step(Object node) {
        Map<String, Object> s = map(node);
        return new FlowJournal.StepRecord((String) s.get("stepId"), (String) s.get("status"), Json.read(s.get("output")),
                (String) s.get("error"), ((Number) s.get("attempts")).intValue(), (String) s.get("idempotencyKey"),
                (String) s.get("startedAt"), (String) s.get("finishedAt"), (String) s.get("deadline"),
                (String) s.get("signal"), FlowJournal.Report.of(s));
    }

    static StepRun stepRun(FlowJournal.StepRecord s) {
        return new StepRun(s.stepId(), StepStatus.valueOf(s.status()), s.attempts(), s.idempotencyKey(),
                Instant.parse(s.startedAt()), s.finishedAt() == null ? null : Instant.parse(s.finishedAt()), s.error(),
                s.output(), s.report().agent(), s.report().costUsd(), s.report().rationale(), s.report().confidence());
    }
}

package dev.steward.kernel.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The flow journal in the knowledge store: {@code (:FlowInstance)-[:HAS_STEP]->(:StepRun)}, one
 * {@code StepRun} per finished step with its output recorded once. Writes go through {@link GroupCommit};
 * reads go straight to the store. The model is described in docs/kernel.md.
 */
final class FlowJournal {

    /** What the journal knows of one flow: the instance and the steps it finished. */
    record Recorded(FlowInstance instance, Map<String, StepRecord> steps) {
    }

    /** A finished step as journaled. */
    record StepRecord(String stepId, String status, Map<String, Object> output, String error, int attempts,
            String idempotencyKey) {
    }

    private final GraphStore store;
    private final GroupCommit commits;
    private final String node;

    FlowJournal(GraphStore store, GroupCommit commits, String node) {
        this.store = store;
        this.commits = commits;
        this.node = node;
    }

    CompletableFuture<Void> flowCreated(FlowInstance f, Instant leaseUntil) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("owner", node);
        row.put("leaseUntil", leaseUntil.toEpochMilli());
        row.put("id", f.id());
        row.put("definitionId", f.definitionId());
        row.put("definitionVersion", f.definitionVersion());
        row.put("status", f.status().name());
        row.put("input", Json.write(f.input()));
        row.put("startedAt", f.startedAt().toString());
        row.put("updatedAt", f.updatedAt().toString());
        return commits.write(new JournalEntry(JournalEntry.Kind.FLOW_CREATED, row));
    }

    /**
     * Journals a finished step; when it ends the flow ({@code flowStatus} not null), the flow's final status
     * is written in the same transaction.
     */
    CompletableFuture<Void> stepFinished(String flowId, StepRecord step, Instant startedAt, Instant finishedAt,
            FlowStatus flowStatus, String flowError) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", flowId + "/" + step.stepId());
        row.put("flowId", flowId);
        row.put("stepId", step.stepId());
        row.put("status", step.status());
        row.put("output", Json.write(step.output()));
        row.put("error", step.error());
        row.put("attempts", step.attempts());
        row.put("idempotencyKey", step.idempotencyKey());
        row.put("startedAt", startedAt.toString());
        row.put("finishedAt", finishedAt.toString());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("flowId", flowId);
        entry.put("owner", node);
        entry.put("step", row);
        entry.put("flowStatus", flowStatus == null ? null : flowStatus.name());
        entry.put("flowError", flowError);
        return commits.write(new JournalEntry(JournalEntry.Kind.STEP_FINISHED, entry));
    }

    /** The journaled steps of a flow, in the order they finished. */
    List<StepRun> steps(String flowId) {
        return store.read(new Statement("MATCH (:FlowInstance {id: $id})-[:HAS_STEP]->(s:StepRun) "
                + "RETURN s ORDER BY s.finishedAt", Map.of("id", flowId))).stream().map(r -> stepRun(r.get("s"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static StepRun stepRun(Object node) {
        Map<String, Object> s = (Map<String, Object>) node;
        return new StepRun((String) s.get("stepId"), StepStatus.valueOf((String) s.get("status")),
                ((Number) s.get("attempts")).intValue(), (String) s.get("idempotencyKey"),
                Instant.parse((String) s.get("startedAt")), Instant.parse((String) s.get("finishedAt")),
                (String) s.get("error"), Json.read(s.get("output")));
    }

    Optional<FlowInstance> find(String flowId) {
        return store.read(new Statement("MATCH (f:FlowInstance {id: $id}) RETURN f", Map.of("id", flowId)))
                .stream().map(r -> instance(r.get("f"))).findFirst();
    }

    List<FlowInstance> list(FlowStatus status, int limit) {
        String where = status == null ? "" : "WHERE f.status = $status ";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", limit);
        if (status != null) {
            params.put("status", status.name());
        }
        return store.read(new Statement("MATCH (f:FlowInstance) " + where + "RETURN f ORDER BY f.startedAt DESC LIMIT $limit",
                params)).stream().map(r -> instance(r.get("f"))).toList();
    }

    /**
     * Takes over running flows that no live node holds: this node's own flows from before {@code since} (a
     * restart), and any flow whose lease has expired (its node died). The lease is checked again after the
     * flow's write lock is taken, so two nodes never both win the same flow.
     */
    List<Recorded> claim(Instant since, Instant now, Instant until, List<String> runningHere, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("me", node);
        params.put("since", since.toString());
        params.put("now", now.toEpochMilli());
        params.put("until", until.toEpochMilli());
        params.put("here", runningHere);
        params.put("limit", limit);
        String claimable = "(f.leaseUntil < $now OR (f.owner = $me AND f.startedAt < $since)) AND NOT f.id IN $here";
        List<Recorded> result = new ArrayList<>();
        for (Map<String, Object> r : store.write(new Statement(
                "MATCH (f:FlowInstance {status: 'RUNNING'}) WHERE " + claimable + " WITH f LIMIT $limit "
                        + "SET f.claiming = $me WITH f WHERE " + claimable + " "
                        + "SET f.owner = $me, f.leaseUntil = $until REMOVE f.claiming "
                        + "WITH f OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun) RETURN f, collect(s) AS steps", params))) {
            Map<String, StepRecord> steps = new LinkedHashMap<>();
            for (Object s : (List<?>) r.get("steps")) {
                StepRecord step = step(s);
                steps.put(step.stepId(), step);
            }
            result.add(new Recorded(instance(r.get("f")), steps));
        }
        return result;
    }

    /** Extends this node's leases; returns the flows it still holds (the others were taken over). */
    List<String> renew(List<String> flowIds, Instant until) {
        return store.write(new Statement("UNWIND $ids AS id MATCH (f:FlowInstance {id: id, owner: $me, status: 'RUNNING'}) "
                + "SET f.leaseUntil = $until RETURN f.id AS id", Map.of("ids", flowIds, "me", node, "until", until.toEpochMilli())))
                .stream().map(r -> (String) r.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static FlowInstance instance(Object node) {
        Map<String, Object> f = (Map<String, Object>) node;
        return new FlowInstance((String) f.get("id"), (String) f.get("definitionId"),
                ((Number) f.get("definitionVersion")).intValue(), FlowStatus.valueOf((String) f.get("status")),
                Instant.parse((String) f.get("startedAt")), Instant.parse((String) f.get("updatedAt")),
                Json.read(f.get("input")));
    }

    @SuppressWarnings("unchecked")
    private static StepRecord step(Object node) {
        Map<String, Object> s = (Map<String, Object>) node;
        return new StepRecord((String) s.get("stepId"), (String) s.get("status"), Json.read(s.get("output")),
                (String) s.get("error"), ((Number) s.get("attempts")).intValue(), (String) s.get("idempotencyKey"));
    }
}

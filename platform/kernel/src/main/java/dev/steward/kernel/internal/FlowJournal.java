package dev.steward.kernel.internal;

import java.math.BigDecimal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The flow journal in the knowledge store: {@code (:FlowInstance)-[:HAS_STEP]->(:StepRun)} with one
 * {@code StepRun} per step (its output recorded once), {@code -[:HAS_EVENT]->(:FlowEvent)} for what happened
 * to the flow as a whole, and {@code -[:HAS_SIGNAL]->(:Signal)} for signals sent to it. Step writes go through
 * {@link GroupCommit}; operator actions and reads go straight to the store. The model is in docs/kernel.md.
 */
final class FlowJournal {

    /** What the journal knows of one flow: the instance, its error, and its steps. */
    record Recorded(FlowInstance instance, String error, Map<String, StepRecord> steps, Map<String, String> pins) {

        Recorded(FlowInstance instance, String error, Map<String, StepRecord> steps) {
            this(instance, error, steps, Map.of());
        }
    }

    /**
     * A step as journaled: finished (SUCCEEDED, FAILED, COMPENSATED) or WAITING with its deadline and signal.
     * Times are ISO-8601 strings; {@code deadline} and {@code signal} are {@code null} for a call; {@code report}
     * is what its agent said of the call, {@link Report#NONE} for waits and steps that did not run.
     */
    record StepRecord(String stepId, String status, Map<String, Object> output, String error, int attempts,
            String idempotencyKey, String startedAt, String finishedAt, String deadline, String signal, Report report) {

        StepRecord(String stepId, String status, Map<String, Object> output, String error, int attempts,
                String idempotencyKey, String startedAt, String finishedAt, String deadline, String signal) {
            this(stepId, status, output, error, attempts, idempotencyKey, startedAt, finishedAt, deadline, signal,
                    Report.NONE);
        }

        static StepRecord finished(String stepId, boolean ok, Map<String, Object> output, String error, int attempts,
                String key, Instant startedAt, Instant finishedAt) {
            return new StepRecord(stepId, ok ? "SUCCEEDED" : "FAILED", ok ? output : Map.of(), ok ? "" : error, attempts,
                    key, startedAt.toString(), finishedAt.toString(), null, null);
        }

        /** The same end, as the end of a wait (or an approval hold): kept with its deadline and signal. */
        StepRecord waited(Instant until, String waitedFor) {
            return new StepRecord(stepId, status, output, error, attempts, idempotencyKey, startedAt, finishedAt,
                    until.toString(), waitedFor, report);
        }

        /** The same end, with what the agent said of the call. */
        StepRecord reported(Report said) {
            return new StepRecord(stepId, status, output, error, attempts, idempotencyKey, startedAt, finishedAt,
                    deadline, signal, said);
        }

        Map<String, Object> row(String flowId) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", flowId + "/" + stepId);
            row.put("flowId", flowId);
            row.put("stepId", stepId);
            row.put("status", status);
            row.put("output", Json.write(output));
            row.put("error", error);
            row.put("attempts", attempts);
            row.put("idempotencyKey", idempotencyKey);
            row.put("startedAt", startedAt);
            row.put("finishedAt", finishedAt);
            row.put("deadline", deadline);
            row.put("signal", signal);
            if (report != Report.NONE) {
                row.put("agent", report.agent());
                row.put("costUsd", report.costUsd().toPlainString());
                row.put("rationale", report.rationale());
                row.put("confidence", report.confidence());
            }
            return row;
        }
    }

    /**
     * What an agent said of a call: who it was ({@code id@version}), what the call cost (kept as a decimal string,
     * exact), why it answered so, how sure it was ({@code null} when the call failed), and the outbound effects it
     * asked for, as outbox rows (written with the step, never read back into a report).
     */
    record Report(String agent, BigDecimal costUsd, String rationale, Double confidence,
            List<Map<String, Object>> effects) {

        static final Report NONE = new Report("", BigDecimal.ZERO, "", null);

        Report(String agent, BigDecimal costUsd, String rationale, Double confidence) {
            this(agent, costUsd, rationale, confidence, List.of());
        }

        static Report of(Map<String, Object> node) {
            Object agent = node.get("agent");
            if (agent == null) {
                return NONE;
            }
            Object cost = node.get("costUsd");
            Object confidence = node.get("confidence");
            Object rationale = node.get("rationale");
            return new Report(agent.toString(), cost == null ? BigDecimal.ZERO : new BigDecimal(cost.toString()),
                    rationale == null ? "" : rationale.toString(),
                    confidence instanceof Number n ? n.doubleValue() : null);
        }
    }

    /** How a journal write is retried while the store is down: until it succeeds, backing off up to 10 s. */
    private static final RetryPolicy<Boolean> UNTIL_WRITTEN = RetryPolicy.<Boolean>builder()
            .withMaxRetries(-1).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(10)).withJitter(0.2).build();

    /**
     * Queues a write at once, on the caller's thread, and only when it fails goes on retrying it (Failsafe,
     * {@link #UNTIL_WRITTEN}): the usual case costs no hand-off to another thread.
     */
    static CompletableFuture<Boolean> untilWritten(Supplier<CompletableFuture<Boolean>> write) {
        return write.get().exceptionallyCompose(first -> Failsafe.with(UNTIL_WRITTEN).getStageAsync(write::get));
    }

    static final List<String> ACTIVE = List.of("RUNNING", "WAITING");
    /** The statuses in which a flow is held under a lease by the node that runs it. */
    static final List<String> HELD = List.of("RUNNING", "WAITING", "COMPENSATING");

    private final GraphStore store;
    private final GroupCommit commits;
    private final String node;

    FlowJournal(GraphStore store, GroupCommit commits, String node) {
        this.store = store;
        this.commits = commits;
        this.node = node;
    }

    String node() {
        return node;
    }

    CompletableFuture<Boolean> flowCreated(FlowInstance f, Instant leaseUntil) {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("owner", node);
        flow.put("leaseUntil", leaseUntil.toEpochMilli());
        flow.put("id", f.id());
        flow.put("definitionId", f.definitionId());
        flow.put("definitionVersion", f.definitionVersion());
        flow.put("status", f.status().name());
        flow.put("input", Json.write(f.input()));
        flow.put("startedAt", f.startedAt().toString());
        flow.put("updatedAt", f.updatedAt().toString());
        return commits.write(new JournalEntry(JournalEntry.Kind.FLOW_CREATED, Map.of("flow", flow,
                "events", List.of(AuditEvents.row(f.startedAt(), "CREATED", "", "kernel",
                        "definition " + f.definitionId() + " v" + f.definitionVersion())))));
    }

    /** A keyed start as journaled: the flow the key started, and whether this call created it. */
    record KeyedStart(FlowInstance instance, boolean created) {
    }

    /**
     * Creates the flow under its start key unless the key already started one, in one transaction and at once (not
     * group-committed, so the caller knows the outcome before it runs anything). The store's uniqueness constraint
     * on {@code startKey} makes one of several concurrent creators win; the others match its flow.
     */
    KeyedStart flowCreatedOnce(FlowInstance f, Instant leaseUntil, String startKey) {
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("owner", node);
        flow.put("leaseUntil", leaseUntil.toEpochMilli());
        flow.put("id", f.id());
        flow.put("startKey", startKey);
        flow.put("definitionId", f.definitionId());
        flow.put("definitionVersion", f.definitionVersion());
        flow.put("status", f.status().name());
        flow.put("input", Json.write(f.input()));
        flow.put("startedAt", f.startedAt().toString());
        flow.put("updatedAt", f.updatedAt().toString());
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", startKey);
        params.put("flow", flow);
        params.put("id", f.id());
        params.put("event", AuditEvents.row(f.startedAt(), "CREATED", "", "kernel",
                "definition " + f.definitionId() + " v" + f.definitionVersion() + ", start key " + startKey));
        return store.write(new Statement("MERGE (f:FlowInstance {startKey: $key}) ON CREATE SET f = $flow "
                + "WITH f, f.id = $id AS created "
                + "FOREACH (e IN CASE WHEN created THEN [$event] ELSE [] END | CREATE (f)-[:HAS_EVENT]->(x:FlowEvent) SET x = e) "
                + "RETURN f, created", params)).stream()
                .map(r -> new KeyedStart(JournalRows.instance(r.get("f")), Boolean.TRUE.equals(r.get("created"))))
                .findFirst().orElseThrow(() -> new IllegalStateException("flow start under key " + startKey + " returned nothing"));
    }

    /** The flow a start key started, if any. */
    Optional<FlowInstance> findByStartKey(String startKey) {
        return store.read(new Statement("MATCH (f:FlowInstance {startKey: $key}) RETURN f", Map.of("key", startKey)))
                .stream().map(r -> JournalRows.instance(r.get("f"))).findFirst();
    }

    /**
     * A step was dispatched to an agent version: the pin is journaled while the agent is called (unless the step's result
     * came first and carried it), so a resumed, retried or re-dispatched step runs on the same version. A step journaled
     * before (a retried one) only takes the pin.
     */
    CompletableFuture<Boolean> stepDispatched(String flowId, String stepId, String key, Instant at, String pin) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", flowId + "/" + stepId);
        step.put("flowId", flowId);
        step.put("stepId", stepId);
        step.put("status", "RUNNING");
        step.put("output", "{}");
        step.put("error", "");
        step.put("attempts", 0);
        step.put("idempotencyKey", key);
        step.put("startedAt", at.toString());
        step.put("pin", pin);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("flowId", flowId);
        row.put("owner", node);
        row.put("step", step);
        return commits.write(new JournalEntry(JournalEntry.Kind.STEP_DISPATCHED, row));
    }

    /**
     * Re-pins steps of flows held by this node (an operator's migration), each with an audit event; at once, not
     * group-committed. A row is {@code flowId}, {@code stepId}, {@code pin} and {@code event}. Returns the
     * {@code flowId/stepId} of the steps re-pinned (a finished one is not).
     */
    List<String> repinned(List<Map<String, Object>> rows) {
        return store.write(new Statement("UNWIND $rows AS r MATCH (f:FlowInstance {id: r.flowId, owner: $me}) "
                + "WHERE f.status IN $held MATCH (f)-[:HAS_STEP]->(s:StepRun {stepId: r.stepId}) "
                + "WHERE NOT s.status IN ['SUCCEEDED', 'COMPENSATED'] SET s.pin = r.pin "
                + "CREATE (f)-[:HAS_EVENT]->(e:FlowEvent) SET e = r.event RETURN s.id AS id",
                Map.of("rows", rows, "me", node, "held", HELD))).stream().map(r -> (String) r.get("id")).toList();
    }

    CompletableFuture<Boolean> waitStarted(String flowId, StepRecord step, FlowStatus flowStatus) {
        return waitStarted(flowId, step, flowStatus, Map.of());
    }

    /** A wait began; {@code extra} are more properties of the step (an approval request, say). */
    CompletableFuture<Boolean> waitStarted(String flowId, StepRecord step, FlowStatus flowStatus, Map<String, Object> extra) {
        Map<String, Object> row = forward(flowId, step, flowStatus, null, List.of());
        if (!extra.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> stepRow = (Map<String, Object>) row.get("step");
            stepRow.putAll(extra);
        }
        return commits.write(new JournalEntry(JournalEntry.Kind.WAIT_STARTED, row));
    }

    /**
     * Journals a finished step with the flow's status after it (and its error and events when the step ended
     * it), in one transaction; {@code signal} names the signal that ended a wait, if one did, and the policy
     * decisions that let the step run (or refused it) are kept on the step as JSON.
     */
    CompletableFuture<Boolean> stepFinished(String flowId, StepRecord step, FlowStatus flowStatus, String flowError,
            List<Map<String, Object>> events, String signal, List<Map<String, Object>> policyDecisions) {
        return stepFinished(flowId, step, flowStatus, flowError, events, signal, policyDecisions, null);
    }

    /** As above, with the agent version the step ran on ({@code null}: none, or journaled before). */
    CompletableFuture<Boolean> stepFinished(String flowId, StepRecord step, FlowStatus flowStatus, String flowError,
            List<Map<String, Object>> events, String signal, List<Map<String, Object>> policyDecisions, String pin) {
        Map<String, Object> row = forward(flowId, step, flowStatus, flowError, events);
        @SuppressWarnings("unchecked")
        Map<String, Object> stepRow = (Map<String, Object>) row.get("step");
        if (!policyDecisions.isEmpty()) {
            stepRow.put("policyDecisions", Json.write(policyDecisions));
        }
        if (pin != null) {
            stepRow.put("pin", pin);
        }
        if (!step.report().effects().isEmpty()) {
            row.put("effects", step.report().effects()); // the outbox rows: in this same transaction
        }
        JournalEntry.Kind kind = JournalEntry.Kind.STEP_FINISHED;
        if (step.deadline() != null) {
            row.put("signal", signal);
            kind = JournalEntry.Kind.WAIT_FINISHED;
        }
        return commits.write(new JournalEntry(kind, row));
    }

    private Map<String, Object> forward(String flowId, StepRecord step, FlowStatus flowStatus, String flowError,
            List<Map<String, Object>> events) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("flowId", flowId);
        row.put("owner", node);
        row.put("step", step.row(flowId));
        row.put("flowStatus", flowStatus.name());
        row.put("flowError", flowError);
        row.put("events", events);
        return row;
    }

    /** Journals one compensation of a rollback, with the flow's status after it. */
    CompletableFuture<Boolean> stepCompensated(String flowId, String stepId, Map<String, Object> compensation, Instant at,
            FlowStatus flowStatus, String flowError, List<Map<String, Object>> events) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("flowId", flowId);
        row.put("owner", node);
        row.put("stepRunId", flowId + "/" + stepId);
        row.put("compensation", compensation);
        row.put("at", at.toString());
        row.put("flowStatus", flowStatus.name());
        row.put("flowError", flowError);
        row.put("events", events);
        return commits.write(new JournalEntry(JournalEntry.Kind.STEP_COMPENSATED, row));
    }

    CompletableFuture<Boolean> rollbackEnded(String flowId, Instant at, List<Map<String, Object>> events) {
        return commits.write(new JournalEntry(JournalEntry.Kind.ROLLBACK_ENDED,
                Map.of("flowId", flowId, "owner", node, "at", at.toString(), "events", events)));
    }

    /**
     * Moves a flow from one of {@code from} to {@code to} with an audit event, at once (not group-committed);
     * with {@code claim} this node takes its lease. Returns the flow as recorded after the change, or empty
     * when it was in none of {@code from}.
     */
    Optional<Recorded> transition(String flowId, List<String> from, FlowStatus to, boolean claim, Instant leaseUntil,
            Map<String, Object> event) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", flowId);
        params.put("from", from);
        params.put("to", to.name());
        params.put("at", event.get("at"));
        params.put("event", event);
        params.put("me", node);
        params.put("until", leaseUntil.toEpochMilli());
        String lease = claim ? ", f.owner = $me, f.leaseUntil = $until" : "";
        return store.write(new Statement("MATCH (f:FlowInstance {id: $id}) WHERE f.status IN $from "
                + "SET f.status = $to, f.updatedAt = $at" + lease + " CREATE (f)-[:HAS_EVENT]->(e:FlowEvent) SET e = $event "
                + "WITH f OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun) RETURN f, collect(s) AS steps", params))
                .stream().map(FlowJournal::recorded).findFirst();
    }

    /**
     * Records a signal for a flow that has not ended, replacing an unused one of the same name; returns false
     * when the flow is not active (or does not exist).
     */
    boolean signal(String flowId, String name, Map<String, Object> payload, Map<String, Object> event) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", flowId);
        params.put("active", ACTIVE);
        params.put("name", name);
        params.put("payload", Json.write(payload));
        params.put("at", event.get("at"));
        params.put("actor", event.get("actor"));
        params.put("event", event);
        return !store.write(new Statement("MATCH (f:FlowInstance {id: $id}) WHERE f.status IN $active "
                + "OPTIONAL MATCH (f)-[:HAS_SIGNAL]->(old:Signal {name: $name}) WHERE old.consumedBy IS NULL "
                + "DETACH DELETE old WITH DISTINCT f "
                + "CREATE (f)-[:HAS_SIGNAL]->(:Signal {name: $name, payload: $payload, sentAt: $at, actor: $actor}) "
                + "CREATE (f)-[:HAS_EVENT]->(e:FlowEvent) SET e = $event RETURN f.id AS id", params)).isEmpty();
    }

    /** A step held for a decision, as journaled: its flow, and the step's node. */
    record Held(FlowInstance flow, Map<String, Object> step) {
    }

    /** The steps held for an approval in flows that have not ended, oldest first. */
    List<Held> held() {
        return store.read(new Statement("MATCH (f:FlowInstance)-[:HAS_STEP]->(s:StepRun) WHERE f.status IN $active "
                + "AND s.status = 'WAITING' AND s.signal STARTS WITH 'approval:' RETURN f, s ORDER BY s.startedAt",
                Map.of("active", ACTIVE))).stream()
                .map(r -> new Held(JournalRows.instance(r.get("f")), JournalRows.map(r.get("s")))).toList();
    }

    /** One step held for an approval in a flow that has not ended: the step's node, or empty. */
    Optional<Map<String, Object>> heldStep(String flowId, String stepId) {
        return store.read(new Statement("MATCH (f:FlowInstance {id: $id})-[:HAS_STEP]->(s:StepRun {stepId: $step}) "
                + "WHERE f.status IN $active AND s.status = 'WAITING' AND s.signal STARTS WITH 'approval:' RETURN s",
                Map.of("id", flowId, "step", stepId, "active", ACTIVE))).stream().map(r -> JournalRows.map(r.get("s")))
                .findFirst();
    }

    /** Whether the step waits for a decision that nobody has sent yet. */
    boolean awaitsDecision(String flowId, String stepId, String signal) {
        return !store.read(new Statement("MATCH (f:FlowInstance {id: $id})-[:HAS_STEP]->(s:StepRun {stepId: $step}) "
                + "WHERE f.status IN $active AND s.status = 'WAITING' AND s.signal = $signal "
                + "AND NOT EXISTS { MATCH (f)-[:HAS_SIGNAL]->(g:Signal {name: $signal}) WHERE g.consumedBy IS NULL } "
                + "RETURN s.id AS id", Map.of("id", flowId, "step", stepId, "signal", signal, "active", ACTIVE))).isEmpty();
    }

    /** The unused signals of the given flows: flow id → signal name → payload. */
    Map<String, Map<String, Map<String, Object>>> pendingSignals(List<String> flowIds) {
        Map<String, Map<String, Map<String, Object>>> result = new LinkedHashMap<>();
        if (flowIds.isEmpty()) {
            return result;
        }
        for (Map<String, Object> r : store.read(new Statement("MATCH (f:FlowInstance)-[:HAS_SIGNAL]->(g:Signal) "
                + "WHERE f.id IN $ids AND g.consumedBy IS NULL RETURN f.id AS flowId, g.name AS name, g.payload AS payload",
                Map.of("ids", flowIds)))) {
            result.computeIfAbsent((String) r.get("flowId"), k -> new LinkedHashMap<>())
                    .put((String) r.get("name"), Json.read(r.get("payload")));
        }
        return result;
    }

    Optional<FlowInstance> find(String flowId) {
        return store.read(new Statement("MATCH (f:FlowInstance {id: $id}) RETURN f", Map.of("id", flowId)))
                .stream().map(r -> JournalRows.instance(r.get("f"))).findFirst();
    }

    List<FlowInstance> list(FlowStatus status, int limit) {
        String where = status == null ? "" : "WHERE f.status = $status ";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", limit);
        if (status != null) {
            params.put("status", status.name());
        }
        return store.read(new Statement("MATCH (f:FlowInstance) " + where + "RETURN f ORDER BY f.startedAt DESC LIMIT $limit",
                params)).stream().map(r -> JournalRows.instance(r.get("f"))).toList();
    }

    /** The journaled steps of a flow, in the order they started. */
    List<StepRecord> steps(String flowId) {
        return store.read(new Statement("MATCH (:FlowInstance {id: $id})-[:HAS_STEP]->(s:StepRun) "
                + "RETURN s ORDER BY s.startedAt, s.finishedAt", Map.of("id", flowId)))
                .stream().map(r -> JournalRows.step(r.get("s"))).toList();
    }

    /** The raw step nodes and flow events of a flow, for its audit trail. */
    List<Map<String, Object>> events(String flowId) {
        return store.read(new Statement("MATCH (:FlowInstance {id: $id})-[:HAS_EVENT]->(e:FlowEvent) RETURN e",
                Map.of("id", flowId))).stream().map(r -> JournalRows.map(r.get("e"))).toList();
    }

    List<Map<String, Object>> stepNodes(String flowId) {
        return store.read(new Statement("MATCH (:FlowInstance {id: $id})-[:HAS_STEP]->(s:StepRun) RETURN s",
                Map.of("id", flowId))).stream().map(r -> JournalRows.map(r.get("s"))).toList();
    }

    /**
     * Takes over active flows that no live node holds: this node's own flows from before {@code since} (a
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
        params.put("held", HELD);
        String claimable = "(f.leaseUntil < $now OR (f.owner = $me AND f.startedAt < $since)) AND NOT f.id IN $here";
        List<Recorded> result = new ArrayList<>();
        for (Map<String, Object> r : store.write(new Statement(
                "MATCH (f:FlowInstance) WHERE f.status IN $held AND " + claimable + " WITH f LIMIT $limit "
                        + "SET f.claiming = $me WITH f WHERE " + claimable + " "
                        + "SET f.owner = $me, f.leaseUntil = $until REMOVE f.claiming "
                        + "WITH f OPTIONAL MATCH (f)-[:HAS_STEP]->(s:StepRun) RETURN f, collect(s) AS steps", params))) {
            result.add(recorded(r));
        }
        return result;
    }

    /** Extends this node's leases; returns the flows it still holds (the others were taken over or cancelled). */
    List<String> renew(List<String> flowIds, Instant until) {
        return store.write(new Statement("UNWIND $ids AS id MATCH (f:FlowInstance {id: id, owner: $me}) "
                + "WHERE f.status IN $held SET f.leaseUntil = $until RETURN f.id AS id",
                Map.of("ids", flowIds, "me", node, "until", until.toEpochMilli(), "held", HELD)))
                .stream().map(r -> (String) r.get("id")).toList();
    }

    private static Recorded recorded(Map<String, Object> r) {
        Map<String, StepRecord> steps = new LinkedHashMap<>();
        Map<String, String> pins = new LinkedHashMap<>();
        for (Object s : (List<?>) r.get("steps")) {
            StepRecord step = JournalRows.step(s);
            steps.put(step.stepId(), step);
            Object pin = JournalRows.map(s).get("pin");
            if (pin != null) {
                pins.put(step.stepId(), pin.toString());
            }
        }
        Object error = JournalRows.map(r.get("f")).get("error");
        return new Recorded(JournalRows.instance(r.get("f")), error == null ? "" : error.toString(), steps, pins);
    }
}

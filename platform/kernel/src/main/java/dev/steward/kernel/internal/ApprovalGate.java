package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicyRuling;

/**
 * Holds a step that a policy sent for approval: the step is journaled WAITING for the signal
 * {@code approval:<stepId>} (with its deadline, the proposed input and the policies' reasons), no thread
 * waits, and it runs once that signal approves it (on the proposed input, with the edits the signal carries),
 * fails when the signal rejects it, and fails at the deadline. A signal sent before the wait began counts;
 * after a restart the policies are asked again and a journaled wait is taken up where it was, with the same
 * deadline. An approved step that ran but was not journaled before a crash runs again with its key.
 */
final class ApprovalGate {

    /** What the executor does for the gate: run a step, or journal its end. */
    interface Steps {
        void dispatch(FlowRun run, StepDefinition step, Map<String, Object> input, List<Map<String, Object>> decisions,
                String signal);

        void finish(FlowRun run, StepDefinition step, FlowJournal.StepRecord record, String signal,
                List<Map<String, Object>> decisions);

        void dropped(FlowRun run, String stepId);
    }

    /** The decision a signal carries; a rejection may ask for the flow to be rolled back. */
    record Decision(boolean approved, Map<String, Object> edits, String reason, boolean rollback) {
    }

    private record Request(Map<String, Object> input, List<Map<String, Object>> decisions) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalGate.class);
    private static final String PREFIX = "approval:";

    private final FlowJournal journal;
    private final Waits waits;
    private final Clock clock;
    private final Duration timeout;
    private final boolean approveOnExpiry;
    private final KernelMetrics metrics;
    private final Map<String, Request> requests = new ConcurrentHashMap<>();
    private volatile Steps steps;

    ApprovalGate(FlowJournal journal, Waits waits, Clock clock, Duration timeout, boolean approveOnExpiry,
            KernelMetrics metrics) {
        this.approveOnExpiry = approveOnExpiry;
        this.journal = journal;
        this.waits = waits;
        this.clock = clock;
        this.timeout = timeout;
        this.metrics = metrics;
    }

    void bind(Steps executor) {
        this.steps = executor;
    }

    static String signal(String stepId) {
        return PREFIX + stepId;
    }

    /** Holds the step until it is decided: journals the wait (unless a restart found it journaled) and arms it. */
    void hold(FlowRun run, StepDefinition step, PolicyRuling ruling, List<Map<String, Object>> decisions) {
        requests.put(run.id() + "/" + step.id(), new Request(ruling.payload(), decisions));
        FlowRun.WaitBegun known = run.begunOf(step.id()).orElse(null);
        Instant now = clock.instant();
        FlowRun.WaitBegun when = known != null ? known : new FlowRun.WaitBegun(now, now.plus(timeout));
        run.waitBegun(step.id(), when);
        Runnable arm = () -> {
            waits.schedule(run.id(), step.id(), when.deadline(), () -> decide(run, step, null));
            Map<String, Object> sent = journal.pendingSignals(List.of(run.id())).getOrDefault(run.id(), Map.of())
                    .get(signal(step.id()));
            if (sent != null) {
                decide(run, step, sent);
            }
        };
        if (known != null) {
            waits.executor().execute(arm);
            return;
        }
        LOG.info("Flow {} step {} waits for approval until {}: {}", run.id(), step.id(), when.deadline(), ruling.reason());
        FlowJournal.StepRecord record = new FlowJournal.StepRecord(step.id(), "WAITING", Map.of(), "", 0,
                IdempotencyKey.of(run.id(), step.id()).value(), now.toString(), null, when.deadline().toString(),
                signal(step.id()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("capability", step.capability());
        request.put("input", ruling.payload());
        request.put("reasons", ruling.reason());
        request.put("estimatedCostUsd", run.judgedOf(step.id()).map(j -> j.estimatedCostUsd().toPlainString()).orElse("0"));
        request.put("onExpiry", approveOnExpiry ? "approve" : "reject");
        // heldAt outlives the hold: an approved step's call overwrites startedAt (the operator's metrics need both ends)
        Map<String, Object> extra = new LinkedHashMap<>(Map.of("approvalRequest", Json.write(request),
                "policyDecisions", Json.write(decisions), "heldAt", now.toString()));
        run.pinOf(step.id()).ifPresent(pin -> extra.put("pin", pin)); // the approved step runs on the version judged
        FlowJournal.untilWritten(() -> journal.waitStarted(run.id(), record, run.statusNow(""), extra))
                .thenAcceptAsync(applied -> {
                    if (applied) {
                        arm.run();
                    } else {
                        steps.dropped(run, step.id());
                    }
                }, waits.executor());
    }

    /** True when the signal decides one of this flow's held steps (it is then taken, or refused as malformed). */
    boolean deliver(FlowRun run, StepDefinition step, String signal, Map<String, Object> payload) {
        if (step.waiting().isPresent() || !signal.equals(signal(step.id()))) {
            return false;
        }
        decide(run, step, payload);
        return true;
    }

    /** Ends the hold once: {@code payload} null means the deadline passed. A malformed decision leaves it waiting. */
    private void decide(FlowRun run, StepDefinition step, Map<String, Object> payload) {
        Decision decision = null;
        if (payload != null) {
            try {
                decision = decision(payload);
            } catch (IllegalArgumentException e) {
                LOG.warn("Flow {} step {}: approval signal ignored, the step still waits: {}", run.id(), step.id(),
                        e.getMessage());
                return;
            }
        }
        if (run.abandoned() || !run.endWait(step.id())) {
            return;
        }
        waits.cancel(run.id(), step.id());
        Request request = requests.remove(run.id() + "/" + step.id());
        FlowRun.WaitBegun when = run.begunOf(step.id()).orElseThrow();
        String name = signal(step.id());
        metrics.approvalDecided(decision == null ? "expired" : decision.approved() ? "approved" : "rejected",
                Duration.between(when.startedAt(), clock.instant()));
        if (decision == null && approveOnExpiry) {
            LOG.info("Flow {} step {}: no decision before {}, approved as configured (approval.on.expiry)", run.id(),
                    step.id(), when.deadline());
            decision = new Decision(true, Map.of(), "expired", false);
        }
        if (decision != null && !decision.approved() && decision.rollback()) {
            run.rollbackAsked("step " + step.id() + " rejected with a rollback"
                    + (decision.reason().isEmpty() ? "" : ": " + decision.reason()));
        }
        if (decision != null && decision.approved() && request != null) {
            Map<String, Object> input = new LinkedHashMap<>(request.input());
            input.putAll(decision.edits());
            steps.dispatch(run, step, input, request.decisions(), name);
            return;
        }
        String error = decision == null ? "no approval before " + when.deadline()
                : decision.approved() ? "approved, but the approval request was lost: ask again"
                : "rejected" + (decision.reason().isEmpty() ? "" : ": " + decision.reason());
        Instant now = clock.instant();
        FlowJournal.StepRecord done = FlowJournal.StepRecord.finished(step.id(), false, Map.of(), error, 0,
                IdempotencyKey.of(run.id(), step.id()).value(), when.startedAt(), now).waited(when.deadline(), name);
        steps.finish(run, step, done, decision == null ? null : name, request == null ? List.of() : request.decisions());
    }

    /**
     * Reads a decision: {@code decision} is {@code approve} or {@code reject}; {@code reason} is optional; edits to
     * the proposed input come as an {@code input} map, or as {@code input.<field>} entries (from the shell).
     */
    static Decision decision(Map<String, Object> payload) {
        Object d = payload.get("decision");
        if (!"approve".equals(d) && !"reject".equals(d)) {
            throw new IllegalArgumentException("'decision' must be 'approve' or 'reject', was " + d);
        }
        Map<String, Object> edits = new LinkedHashMap<>();
        Object input = payload.get("input");
        if (input instanceof Map<?, ?> m) {
            m.forEach((k, v) -> edits.put(String.valueOf(k), v));
        } else if (input != null) {
            throw new IllegalArgumentException("'input' must be an object of the fields to change");
        }
        payload.forEach((k, v) -> {
            if (k.startsWith("input.") && k.length() > "input.".length()) {
                edits.put(k.substring("input.".length()), v);
            }
        });
        Object reason = payload.get("reason");
        Object rollback = payload.getOrDefault("rollback", false);
        if (!(rollback instanceof Boolean) && !"true".equals(rollback) && !"false".equals(rollback)) {
            throw new IllegalArgumentException("'rollback' must be true or false, was " + rollback);
        }
        boolean rollBack = Boolean.TRUE.equals(rollback) || "true".equals(rollback);
        if (rollBack && "approve".equals(d)) {
            throw new IllegalArgumentException("'rollback' goes with a rejection, not an approval");
        }
        return new Decision("approve".equals(d), edits, reason == null ? "" : reason.toString(), rollBack);
    }
}

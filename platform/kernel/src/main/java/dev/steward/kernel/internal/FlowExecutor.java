package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentDescriptor.CostClass;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepWait;
import dev.steward.api.policy.PolicyRuling;
import dev.steward.api.policy.PolicySubject;
import dev.steward.api.policy.Verdict;
import dev.steward.spi.agent.Agent;

/**
 * Drives running flows: starts every step whose dependencies are done on its capability's bulkhead (or, for
 * a wait, arms its timer and looks for its signal), journals each finished step before anything depends on
 * it, and ends the flow with its last step or first failure. A journal write that fails (store down) is
 * retried until it succeeds; nothing finished is forgotten while the platform runs, and after a crash an
 * unjournaled step runs again with the same idempotency key.
 */
final class FlowExecutor implements ApprovalGate.Steps {

    private static final Logger LOG = LoggerFactory.getLogger(FlowExecutor.class);

    private final FlowJournal journal;
    private final Capabilities capabilities;
    private final StepCall calls;
    private final Bulkheads bulkheads;
    private final Waits waits;
    private final Endings endings;
    private final KernelMetrics metrics;
    private final Policies policies;
    private final ApprovalGate approvals;
    private final Clock clock;
    private final Map<CostClass, BigDecimal> costs;
    private final Map<String, FlowRun> active = new ConcurrentHashMap<>();
    private final PendingPins pins;
    private final AtomicLong stepsSucceeded = new AtomicLong();
    private final AtomicLong stepsFailed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile Consumer<FlowRun> onCompensate = run -> { };
    private volatile boolean closing;

    FlowExecutor(FlowJournal journal, Capabilities capabilities, StepCall calls, Bulkheads bulkheads, Waits waits,
            Endings endings, KernelMetrics metrics, Policies policies, ApprovalGate approvals, Clock clock,
            Map<CostClass, BigDecimal> costs) {
        this.journal = journal;
        this.capabilities = capabilities;
        this.calls = calls;
        this.bulkheads = bulkheads;
        this.waits = waits;
        this.endings = endings;
        this.metrics = metrics;
        this.policies = policies;
        this.approvals = approvals;
        this.clock = clock;
        this.costs = costs;
        this.pins = new PendingPins(waits);
        approvals.bind(this);
    }

    /** What to do with a failed flow whose definition compensates on failure: its rollback. */
    void onCompensate(Consumer<FlowRun> rollback) {
        this.onCompensate = rollback;
    }

    void run(FlowRun run) {
        endings.track(run.id());
        active.put(run.id(), run);
        advance(run);
    }

    boolean runs(String flowId) {
        return active.containsKey(flowId);
    }

    /** Starts what can start in every active flow: after an agent arrives, say. */
    void advanceAll() {
        active.values().forEach(this::advance);
    }

    Collection<FlowRun> active() {
        return active.values();
    }

    Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("activeFlows", (long) active.size());
        counters.put("stepsSucceeded", stepsSucceeded.get());
        counters.put("stepsFailed", stepsFailed.get());
        counters.put("retries", retries.get());
        counters.put("waits", (long) waits.pending());
        return counters;
    }

    void close() {
        closing = true;
        pins.writeAll();
    }

    List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    /** Stops running a flow here (another node took it over, or it was cancelled): what its steps return is dropped. */
    void abandon(String flowId, Supplier<FlowStatus> journaled) {
        FlowRun run = active.remove(flowId);
        if (run != null) {
            run.abandon();
            waits.cancelAll(flowId);
            endings.drop(flowId, journaled);
        }
    }

    /** Ends this flow's wait for the signal, if it runs here and waits for it; true when a wait took it. */
    boolean deliver(String flowId, String signal, Map<String, Object> payload) {
        FlowRun run = active.get(flowId);
        if (run == null) {
            return false;
        }
        for (String stepId : run.waits()) {
            StepDefinition step = run.definition().step(stepId).orElseThrow();
            if (signal.equals(step.waiting().map(StepWait::signal).orElse(null))) {
                endWait(run, step, payload, signal);
                return true;
            }
            if (approvals.deliver(run, step, signal, payload)) {
                return true;
            }
        }
        return false;
    }

    private void advance(FlowRun run) {
        if (closing) {
            return;
        }
        for (StepDefinition step : run.claimReady(s -> agentFor(run, s).isPresent())) {
            if (step.waiting().isPresent()) {
                beginWait(run, step);
                continue;
            }
            Agent agent = agentFor(run, step).orElse(null);
            if (agent == null) {
                run.release(step.id()); // its provider left in between: the step waits for the next one
                continue;
            }
            Map<String, Object> input = run.inputOf(step);
            List<Map<String, Object>> decisions = List.of();
            PolicyRuling ruling = null;
            if (!policies.isEmpty()) {
                PolicySubject subject = subject(run, step, agent, input);
                run.judged(subject);
                ruling = policies.judge(subject);
            }
            if (ruling != null) {
                decisions = Policies.journaled(ruling.decisions());
                if (refused(run, step, ruling, decisions)) {
                    continue;
                }
                input = ruling.payload();
            }
            boolean held = run.begunOf(step.id()).isPresent(); // journaled as waiting for approval: only a decision frees it
            if (held || ruling != null && ruling.verdict() == Verdict.REQUIRE_APPROVAL) {
                if (run.pinOf(step.id()).isEmpty()) {
                    run.pin(step.id(), Capabilities.key(agent)); // journaled with the hold
                }
                approvals.hold(run, step, ruling != null ? ruling : new PolicyRuling(Verdict.REQUIRE_APPROVAL, input,
                        List.of()), decisions);
                continue;
            }
            dispatch(run, step, agent, input, decisions, null);
        }
    }

    @Override
    public void dispatch(FlowRun run, StepDefinition step, Map<String, Object> input, List<Map<String, Object>> decisions,
            String approval) {
        Agent agent = agentFor(run, step).orElse(null);
        if (agent == null && run.pinOf(step.id()).isPresent()) {
            // its version left while it was held: parked; the approval stays unused, so it is taken again on return
            LOG.info("Flow {} step {} approved, but agent {} is not registered now: the step waits for it", run.id(),
                    step.id(), run.pinOf(step.id()).get());
            run.release(step.id());
            return;
        }
        if (agent == null) {
            Instant now = clock.instant();
            finish(run, step, FlowJournal.StepRecord.finished(step.id(), false, Map.of(), "approved, but no agent offers '"
                    + step.capability() + "' now", 0, key(run, step), now, now), null, decisions);
            return;
        }
        dispatch(run, step, agent, input, decisions, approval);
    }

    /**
     * Pins a step to the agent version it is dispatched to. The pin is journaled with the step's result when the call
     * ends within {@link PendingPins#DELAY}, else by its own write then, while the call still runs: waiting for a
     * pin's commit before the call, or committing it beside a short call, would add a journal round trip to every step
     * (the durable cycle of a no-op step would about double). The pin's write never overwrites a finished step (it only
     * sets the pin on a step that exists), so it may commit after the step's result. A crash before the pin is
     * journaled leaves the step unpinned: on resume it runs on the newest version. A step pinned before (resumed,
     * retried, approved, migrated) runs on its pinned version without a new write.
     */
    private void dispatch(FlowRun run, StepDefinition step, Agent agent, Map<String, Object> input,
            List<Map<String, Object>> decisions, String approval) {
        if (run.pinOf(step.id()).isPresent()) {
            call(run, step, agent, input, decisions, approval);
            return;
        }
        String pin = Capabilities.key(agent);
        run.pin(step.id(), pin);
        Instant at = clock.instant();
        pins.dispatched(key(run, step), () -> FlowJournal.untilWritten(
                () -> journal.stepDispatched(run.id(), step.id(), key(run, step), at, pin)).thenAccept(applied -> {
                    if (!applied) { // the flow is no longer held here: the step's result will be refused as well
                        LOG.debug("Flow {} step {}: its pin was not journaled (the flow is not held here now)",
                                run.id(), step.id());
                    }
                }));
        call(run, step, agent, input, decisions, approval);
    }

    /** The agent a step runs on: the version it is pinned to, if it was dispatched before; else its capability's provider. */
    private Optional<Agent> agentFor(FlowRun run, StepDefinition step) {
        Optional<String> pin = run.pinOf(step.id());
        return pin.isPresent() ? capabilities.version(pin.get()) : capabilities.provider(step.capability());
    }

    private void call(FlowRun run, StepDefinition step, Agent agent, Map<String, Object> input,
            List<Map<String, Object>> decisions, String approval) {
        if (closing || run.abandoned()) {
            return;
        }
        AgentRequest request = new AgentRequest(step.capability(), input,
                IdempotencyKey.of(run.id(), step.id()), run.id(), step.id());
        Instant started = clock.instant();
        metrics.started(step.capability());
        calls.run(step, agent, request, bulkheads.of(step.capability()))
                .thenAccept(outcome -> called(run, step, agent, request, outcome, started, decisions, approval));
    }

    /** What the policies judge before a step runs: its input, definition, agent, estimated cost and upstream confidence. */
    private PolicySubject subject(FlowRun run, StepDefinition step, Agent agent, Map<String, Object> input) {
        AgentDescriptor d = agent.descriptor();
        BigDecimal estimate = costs.get(d.costClass());
        try {
            estimate = agent.estimateCostUsd(new AgentRequest(step.capability(), input,
                    IdempotencyKey.of(run.id(), step.id()), run.id(), step.id())).filter(c -> c.signum() >= 0).orElse(estimate);
        } catch (RuntimeException e) {
            LOG.warn("Agent {} failed to estimate the cost of step {} of flow {}; its cost class's estimate is used: {}",
                    d.id(), step.id(), run.id(), e.toString());
        }
        return new PolicySubject(PolicySubject.Kind.STEP, run.id(), step.id(), step.capability(), input, estimate,
                run.definition().id(), d.id(), run.lowestConfidence(step.dependsOn()), run.committed(step.id()));
    }

    /** A step the policies denied fails at once, permanently, without calling its agent, the decisions journaled beside it. */
    private boolean refused(FlowRun run, StepDefinition step, PolicyRuling ruling, List<Map<String, Object>> decisions) {
        if (ruling.verdict() != Verdict.DENY) {
            return false;
        }
        String error = "denied by policy " + ruling.reason();
        Instant now = clock.instant();
        journalStep(run, step, FlowJournal.StepRecord.finished(step.id(), false, Map.of(), error, 0, key(run, step), now, now),
                null, decisions);
        return true;
    }

    private void called(FlowRun run, StepDefinition step, Agent agent, AgentRequest request, StepCall.Outcome outcome,
            Instant started,
            List<Map<String, Object>> decisions, String approval) {
        if (closing || run.abandoned()) {
            return; // the flow stays active in the journal; its owner (this node restarted, or another) resumes it
        }
        boolean ok = outcome.failure() == null;
        retries.addAndGet(Math.max(0, outcome.attempts() - 1));
        Instant at = clock.instant();
        metrics.finished(step.capability(), ok, outcome.attempts(), Duration.between(started, at));
        if (!ok && !capabilities.registered(agent)) {
            pins.write(request.key().value()); // the parked step keeps waiting for its version, after a restart too
            departed(run, step, agent, outcome.failure());
            return;
        }
        pins.carried(request.key().value());
        AgentDescriptor d = agent.descriptor();
        FlowJournal.Report report = new FlowJournal.Report(d.id() + "@" + d.version(),
                ok ? outcome.result().costUsd() : BigDecimal.ZERO, ok ? outcome.result().rationale() : "",
                ok ? outcome.result().confidence() : null,
                ok ? OutboxRows.of(run.id(), step.id(), request.key().value(), outcome.result().effects(), at) : List.of());
        capabilities.called(agent, new AgentDecision(run.instance().id(), step.id(), step.capability(), ok,
                ok ? report.rationale() : StepCall.describe(outcome.failure()), report.confidence(), report.costUsd(),
                Duration.between(started, at), at));
        FlowJournal.StepRecord record = FlowJournal.StepRecord.finished(step.id(), ok, ok ? outcome.result().output() : Map.of(),
                ok ? "" : StepCall.describe(outcome.failure()), outcome.attempts(), request.key().value(), started, at)
                .reported(report);
        if (approval != null) { // the approval signal is used up with the step's result, in the same transaction
            record = record.waited(run.begunOf(step.id()).orElseThrow().deadline(), approval);
        }
        journalStep(run, step, record, approval, decisions);
    }

    /**
     * The call failed while its agent's bundle stopped: the departure caused it, so the step is parked, not failed. It
     * runs again, with the same idempotency key, when its version returns or the operator migrates it.
     */
    private void departed(FlowRun run, StepDefinition step, Agent agent, Throwable failure) {
        LOG.info("Flow {} step {}: agent {} left during the call ({}); the step waits for it to return or be migrated",
                run.id(), step.id(), Capabilities.key(agent), StepCall.describe(failure));
        run.settle(step.id()).ifPresent(subject -> policies.settle(subject, false, BigDecimal.ZERO));
        run.release(step.id());
        advance(run); // its version may be back already
    }

    /** What a step that could run waits for: the version it is pinned to, or a provider of its capability. */
    static String waitingFor(FlowRun run, StepDefinition step) {
        return run.pinOf(step.id()).map(pin -> "agent " + pin).orElse("capability " + step.capability());
    }

    /** The parked steps of a flow running here: step id → what it waits for; empty when it runs elsewhere. */
    Map<String, String> parked(String flowId) {
        FlowRun run = active.get(flowId);
        Map<String, String> parked = new LinkedHashMap<>();
        if (run != null) {
            run.parked().stream().filter(step -> agentFor(run, step).isEmpty())
                    .forEach(step -> parked.put(step.id(), waitingFor(run, step)));
        }
        return parked;
    }

    /** How many steps of the flows running here are parked, by capability. */
    Map<String, Integer> parkedByCapability() {
        Map<String, Integer> counts = new TreeMap<>();
        for (FlowRun run : active.values()) {
            run.parked().stream().filter(step -> agentFor(run, step).isEmpty())
                    .forEach(step -> counts.merge(step.capability(), 1, Integer::sum));
        }
        return counts;
    }

    /**
     * Re-pins the unfinished steps pinned to {@code from} ({@code id@version}, or {@code id@} for any version) to
     * {@code to}, journaling each with an audit event, then starts what can start; returns {@code flowId/stepId}.
     */
    List<String> migrate(String from, String to, String actor) {
        Instant now = clock.instant();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FlowRun run : active.values()) {
            for (String stepId : run.repinnable(from, to)) {
                String was = run.pinOf(stepId).orElse("");
                rows.add(Map.of("flowId", run.id(), "stepId", stepId, "pin", to,
                        "event", AuditEvents.row(now, "MIGRATED", stepId, actor, "agent " + was + " -> " + to)));
            }
        }
        List<String> moved = rows.isEmpty() ? List.of() : journal.repinned(rows);
        for (String id : moved) {
            int slash = id.lastIndexOf('/');
            FlowRun run = active.get(id.substring(0, slash));
            if (run != null) {
                run.pin(id.substring(slash + 1), to);
            }
        }
        advanceAll();
        return moved;
    }

    private void beginWait(FlowRun run, StepDefinition step) {
        StepWait wait = step.waiting().orElseThrow();
        FlowRun.WaitBegun known = run.begunOf(step.id()).orElse(null);
        Instant now = clock.instant();
        FlowRun.WaitBegun when;
        try {
            when = known != null ? known : new FlowRun.WaitBegun(now, deadline(run.inputOf(step), wait, now));
        } catch (DateTimeParseException e) {
            run.waitBegun(step.id(), new FlowRun.WaitBegun(now, now));
            journalStep(run, step, FlowJournal.StepRecord.finished(step.id(), false, Map.of(),
                    "input 'until' is not an ISO-8601 instant: " + e.getParsedString(), 1, key(run, step), now, now), null, List.of());
            return;
        }
        run.waitBegun(step.id(), when);
        Runnable arm = () -> {
            waits.schedule(run.id(), step.id(), when.deadline(), () -> endWait(run, step, null, null));
            if (wait.waitsForSignal()) {
                Map<String, Object> sent = journal.pendingSignals(List.of(run.id()))
                        .getOrDefault(run.id(), Map.of()).get(wait.signal());
                if (sent != null) {
                    endWait(run, step, sent, wait.signal());
                }
            }
        };
        if (known != null) {
            waits.executor().execute(arm);
            return;
        }
        FlowJournal.StepRecord record = new FlowJournal.StepRecord(step.id(), "WAITING", Map.of(), "", 0, key(run, step),
                when.startedAt().toString(), null, when.deadline().toString(), wait.signal());
        FlowStatus status = run.statusNow("");
        FlowJournal.untilWritten(() -> journal.waitStarted(run.id(), record, status))
                .thenAcceptAsync(applied -> {
                    if (applied) {
                        arm.run();
                    } else {
                        dropped(run, step.id());
                    }
                }, waits.executor());
    }

    private static Instant deadline(Map<String, Object> input, StepWait wait, Instant now) {
        Object until = input.get("until");
        return until == null ? now.plus(wait.timeout()) : Instant.parse(until.toString());
    }

    private void endWait(FlowRun run, StepDefinition step, Map<String, Object> signalPayload, String signal) {
        if (closing || run.abandoned() || !run.endWait(step.id())) {
            return;
        }
        waits.cancel(run.id(), step.id());
        StepWait wait = step.waiting().orElseThrow();
        FlowRun.WaitBegun when = run.begunOf(step.id()).orElseThrow();
        Map<String, Object> output = signalPayload != null ? signalPayload : wait.onTimeout();
        boolean ok = output != null;
        String error = ok ? "" : "no signal '" + wait.signal() + "' before " + when.deadline();
        FlowJournal.StepRecord done = FlowJournal.StepRecord.finished(step.id(), ok, ok ? output : Map.of(), error, 1,
                key(run, step), when.startedAt(), clock.instant()).waited(when.deadline(), wait.signal());
        journalStep(run, step, done, signal, List.of());
    }

    private static String key(FlowRun run, StepDefinition step) {
        return IdempotencyKey.of(run.id(), step.id()).value();
    }

    @Override
    public void finish(FlowRun run, StepDefinition step, FlowJournal.StepRecord record, String signal,
            List<Map<String, Object>> decisions) {
        journalStep(run, step, record, signal, decisions);
    }

    /** Journals a finished step with the flow's status after it; once committed, moves the flow on. */
    private void journalStep(FlowRun run, StepDefinition step, FlowJournal.StepRecord record, String signal,
            List<Map<String, Object>> decisions) {
        if (run.ended()) {
            settled(run, record); // a parallel step failed the flow meanwhile: this result is not journaled (nor compensated)
            return;
        }
        boolean ok = record.status().equals("SUCCEEDED");
        String rollbackAsked = run.rollbackAsked();
        boolean compensate = !ok && (run.definition().compensateOnFailure() || rollbackAsked != null);
        Instant at = Instant.parse(record.finishedAt());
        FlowStatus status;
        synchronized (run) {
            status = run.statusAfter(step.id(), ok);
        }
        FlowStatus written = compensate ? FlowStatus.COMPENSATING : status;
        String flowError = ok ? null : "step " + step.id() + ": " + record.error();
        List<Map<String, Object>> events = switch (written) {
            case COMPLETED -> List.of(AuditEvents.row(at, "COMPLETED", "", "kernel", ""));
            case FAILED -> List.of(AuditEvents.row(at, "FAILED", step.id(), "kernel", flowError));
            case COMPENSATING -> List.of(AuditEvents.row(at, "FAILED", step.id(), "kernel", flowError),
                    AuditEvents.row(at, "ROLLBACK_STARTED", "", "kernel",
                            rollbackAsked != null ? rollbackAsked : "the definition compensates on failure"));
            default -> List.of();
        };
        String pin = run.pinOf(step.id()).orElse(null);
        FlowJournal.untilWritten(() -> journal.stepFinished(run.id(), record, written,
                flowError, events, signal, decisions, pin)).thenAccept(applied -> {
                    if (applied) {
                        afterJournal(run, step, record, ok, compensate);
                    } else {
                        dropped(run, step.id());
                    }
                });
    }

    /**
     * The journal refused a write: the flow was cancelled, or another node took it over (this node's lease
     * lapsed). Nothing more of it runs here; a step that finished is not recorded and its new owner, if any,
     * runs it again with the same idempotency key.
     */
    @Override
    public void dropped(FlowRun run, String stepId) {
        LOG.warn("Flow {} is no longer held here (cancelled, or taken over by another node): step {} is not journaled "
                + "and the flow stops running on this node", run.id(), stepId);
        abandon(run.id(), () -> journal.find(run.id()).map(f -> f.status()).orElse(null));
    }

    /** Tells the policies that judged the step how it ended: ran (an agent reported on it) with its cost, or not. */
    private void settled(FlowRun run, FlowJournal.StepRecord record) {
        run.settle(record.stepId()).ifPresent(subject -> policies.settle(subject, record.report() != FlowJournal.Report.NONE,
                record.report().costUsd()));
    }

    private void afterJournal(FlowRun run, StepDefinition step, FlowJournal.StepRecord record, boolean ok, boolean compensate) {
        run.spent(record.report().costUsd()); // before its judged estimate goes: the flow's commitment never misses it
        settled(run, record);
        metrics.spent(record.report());
        if (ok) {
            stepsSucceeded.incrementAndGet();
            run.succeeded(step.id(), record.output());
            run.confident(step.id(), record.report().confidence());
        } else {
            stepsFailed.incrementAndGet();
            run.failed(step.id());
            LOG.info("Flow {} failed at step {}: {}", run.id(), step.id(), record.error());
        }
        if (!run.ended()) {
            advance(run);
            return;
        }
        active.remove(run.id());
        waits.cancelAll(run.id());
        if (compensate) {
            onCompensate.accept(run);
        } else {
            endings.finish(run.id(), ok ? FlowStatus.COMPLETED : FlowStatus.FAILED);
        }
    }
}

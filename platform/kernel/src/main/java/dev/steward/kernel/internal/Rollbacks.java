package dev.steward.kernel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;

/**
 * Runs rollbacks: the compensations of a flow's succeeded steps, latest first, one at a time, each called like
 * a step (retries, timeout, circuit breaker, bulkhead) with its own idempotency key ({@code <step>~undo}) and
 * journaled before the next starts. A compensation that fails for good stops the rollback and fails the flow;
 * a rollback interrupted by a crash goes on from the first step not yet compensated.
 */
final class Rollbacks {

    private static final Logger LOG = LoggerFactory.getLogger(Rollbacks.class);

    /** One undo to run: the step, what it was called with, what it returned, and the compensating capability. */
    private record Undo(StepDefinition step, String capability, Map<String, Object> input, Map<String, Object> output) {
    }

    private static final class Run {
        final FlowInstance flow;
        final Deque<Undo> todo;
        boolean calling;
        volatile boolean abandoned;

        Run(FlowInstance flow, Deque<Undo> todo) {
            this.flow = flow;
            this.todo = todo;
        }
    }

    private final FlowJournal journal;
    private final Capabilities capabilities;
    private final StepCall calls;
    private final Bulkheads bulkheads;
    private final Endings endings;
    private final Clock clock;
    private final Executor loader;
    private final Map<String, Run> active = new ConcurrentHashMap<>();

    private volatile Consumer<String> onRolledBack = flowId -> { };

    /** Whom to tell once a rollback has brought a flow to COMPENSATED. */
    void onRolledBack(Consumer<String> listener) {
        this.onRolledBack = listener;
    }

    Rollbacks(FlowJournal journal, Capabilities capabilities, StepCall calls, Bulkheads bulkheads, Endings endings,
            Clock clock, Executor loader) {
        this.journal = journal;
        this.capabilities = capabilities;
        this.calls = calls;
        this.bulkheads = bulkheads;
        this.endings = endings;
        this.clock = clock;
        this.loader = loader;
    }

    /** The undos of a flow: its succeeded steps that have a compensation, latest first. */
    static List<FlowJournal.StepRecord> toUndo(FlowDefinition definition, List<FlowJournal.StepRecord> steps) {
        return steps.stream().filter(s -> s.status().equals("SUCCEEDED"))
                .filter(s -> definition.step(s.stepId()).flatMap(StepDefinition::compensationCapability).isPresent())
                .sorted(Comparator.comparing(FlowJournal.StepRecord::finishedAt).reversed()).toList();
    }

    /** Rolls back a flow journaled as COMPENSATING and held by this node; its steps are read from the journal. */
    void begin(FlowInstance flow, FlowDefinition definition) {
        endings.track(flow.id());
        loader.execute(() -> {
            List<FlowJournal.StepRecord> steps = journal.steps(flow.id());
            Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
            steps.stream().filter(s -> !s.status().equals("FAILED")).forEach(s -> outputs.put(s.stepId(), s.output()));
            Deque<Undo> todo = new ArrayDeque<>();
            for (FlowJournal.StepRecord s : toUndo(definition, steps)) {
                StepDefinition step = definition.step(s.stepId()).orElseThrow();
                todo.add(new Undo(step, step.compensationCapability().orElseThrow(),
                        InputMapping.resolve(step, flow.input(), outputs), s.output()));
            }
            Run run = new Run(flow, todo);
            active.put(flow.id(), run);
            advance(run);
        });
    }

    boolean runs(String flowId) {
        return active.containsKey(flowId);
    }

    List<String> activeIds() {
        return List.copyOf(active.keySet());
    }

    void advanceAll() {
        active.values().forEach(this::advance);
    }

    void abandon(String flowId) {
        Run run = active.remove(flowId);
        if (run != null) {
            run.abandoned = true;
            endings.drop(flowId, () -> journal.find(flowId).map(FlowInstance::status).orElse(null));
        }
    }

    private void advance(Run run) {
        Undo undo;
        Agent agent;
        synchronized (run) {
            if (run.calling || run.abandoned) {
                return;
            }
            undo = run.todo.peek();
            agent = undo == null ? null : capabilities.provider(undo.capability()).orElse(null);
            if (undo != null && agent == null) {
                return; // waits for a provider of the compensation; advanceAll runs it when one arrives
            }
            run.calling = true;
        }
        if (undo == null) {
            finish(run, null, Map.of(), FlowStatus.COMPENSATED, null); // nothing (left) to undo
            return;
        }
        String stepId = undo.step().id();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("step", stepId);
        input.put("input", undo.input());
        input.put("output", undo.output());
        AgentRequest request = new AgentRequest(undo.capability(), input, IdempotencyKey.of(run.flow.id(), stepId + "~undo"),
                run.flow.id(), stepId);
        StepDefinition call = new StepDefinition(stepId, undo.capability(), null, null, undo.step().retry(),
                undo.step().timeout(), null);
        calls.run(call, agent, request, bulkheads.of(undo.capability())).thenAccept(outcome -> {
            boolean ok = outcome.failure() == null;
            Instant at = clock.instant();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("compensationKey", request.key().value());
            record.put("compensationAttempts", outcome.attempts());
            if (ok) {
                record.put("status", "COMPENSATED");
                record.put("compensatedAt", at.toString());
            } else {
                record.put("compensationError", String.valueOf(outcome.failure().getMessage()));
                record.put("compensationFailedAt", at.toString());
            }
            FlowStatus after;
            synchronized (run) {
                after = !ok ? FlowStatus.FAILED : run.todo.size() == 1 ? FlowStatus.COMPENSATED : FlowStatus.COMPENSATING;
            }
            finish(run, stepId, record, after, ok ? null
                    : "compensation of step " + stepId + " failed: " + outcome.failure().getMessage());
        });
    }

    /** Journals one compensation (or, with no step, the end of a rollback that had nothing left to do). */
    private void finish(Run run, String stepId, Map<String, Object> record, FlowStatus after, String error) {
        Instant at = clock.instant();
        List<Map<String, Object>> events = after == FlowStatus.COMPENSATED
                ? List.of(AuditEvents.row(at, "COMPENSATED", "", "kernel", ""))
                : after == FlowStatus.FAILED ? List.of(AuditEvents.row(at, "ROLLBACK_FAILED", stepId, "kernel", error))
                : List.of();
        if (run.abandoned) {
            return;
        }
        FlowJournal.untilWritten(() -> stepId == null
                ? journal.rollbackEnded(run.flow.id(), at, events)
                : journal.stepCompensated(run.flow.id(), stepId, record, at, after, error, events))
                .thenAccept(applied -> {
                    if (!applied) {
                        LOG.warn("Rollback of flow {} is no longer held here (taken over by another node)", run.flow.id());
                        abandon(run.flow.id());
                        return;
                    }
                    synchronized (run) {
                        run.calling = false;
                        if (stepId != null && after != FlowStatus.FAILED) {
                            run.todo.poll();
                        }
                    }
                    if (after == FlowStatus.COMPENSATING) {
                        advance(run);
                        return;
                    }
                    active.remove(run.flow.id());
                    if (after == FlowStatus.FAILED) {
                        LOG.warn("Rollback of flow {} stopped: {}", run.flow.id(), error);
                    } else {
                        onRolledBack.accept(run.flow.id());
                    }
                    endings.finish(run.flow.id(), after);
                });
    }
}

package dev.steward.kernel.internal;

import java.math.BigDecimal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.policy.PolicySubject;

/**
 * The in-memory state of one running flow: which steps are done (with their outputs), which are running, and
 * which are waits with their deadline. A wait that is journaled as begun keeps its deadline across restarts.
 */
final class FlowRun {

    /** When a wait began and when it times out. */
    record WaitBegun(Instant startedAt, Instant deadline) {
    }

    private final FlowInstance instance;
    private final FlowDefinition definition;
    private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    private final Set<String> running = new HashSet<>();
    private final Map<String, WaitBegun> begun = new HashMap<>();
    private final Set<String> waiting = new HashSet<>();
    private final Map<String, Double> confidences = new HashMap<>();
    private final Map<String, PolicySubject> judged = new ConcurrentHashMap<>();
    private final Map<String, String> pins = new HashMap<>();
    private BigDecimal spent = BigDecimal.ZERO;
    private boolean ended;
    private volatile boolean abandoned;
    private volatile String rollbackAsked;

    FlowRun(FlowInstance instance, FlowDefinition definition, Map<String, Map<String, Object>> doneBefore,
            Map<String, WaitBegun> waitsBegun) {
        this.instance = instance;
        this.definition = definition;
        this.outputs.putAll(doneBefore);
        this.begun.putAll(waitsBegun);
    }

    FlowInstance instance() {
        return instance;
    }

    FlowDefinition definition() {
        return definition;
    }

    String id() {
        return instance.id();
    }

    /** Adds what a journaled step cost to what the flow spent. */
    synchronized void spent(BigDecimal costUsd) {
        spent = spent.add(costUsd);
    }

    /** What the flow's journaled steps cost, and the estimates of its steps judged and not settled but this one. */
    synchronized BigDecimal committed(String besidesStepId) {
        BigDecimal committed = spent;
        for (Map.Entry<String, PolicySubject> j : judged.entrySet()) {
            if (!j.getKey().equals(besidesStepId)) {
                committed = committed.add(j.getValue().estimatedCostUsd());
            }
        }
        return committed;
    }

    /** Notes how sure the agent of a finished step was ({@code null}: it did not say). */
    synchronized void confident(String stepId, Double confidence) {
        if (confidence != null) {
            confidences.put(stepId, confidence);
        }
    }

    /** The lowest confidence the agents stated for the given steps, or {@code null} when none stated one. */
    synchronized Double lowestConfidence(List<String> stepIds) {
        return stepIds.stream().map(confidences::get).filter(c -> c != null).min(Double::compare).orElse(null);
    }

    /** Keeps the subject the policies judged for a step until its end is settled with them. */
    void judged(PolicySubject subject) {
        judged.put(subject.stepId(), subject);
    }

    /** The subject judged for a step, if it is not settled yet (it stays to be settled). */
    Optional<PolicySubject> judgedOf(String stepId) {
        return Optional.ofNullable(judged.get(stepId));
    }

    /** The subject judged for a step, once: empty when it was not judged or is settled already. */
    Optional<PolicySubject> settle(String stepId) {
        return Optional.ofNullable(judged.remove(stepId));
    }

    /** The operator rejected a held step and asked for a rollback: the flow is compensated when it fails. */
    void rollbackAsked(String why) {
        rollbackAsked = why;
    }

    /** Why a rollback was asked for, or {@code null} when none was. */
    String rollbackAsked() {
        return rollbackAsked;
    }

    /** Takes up the pins the journal recorded (a resumed flow): step id → agent {@code id@version}. */
    synchronized void pinned(Map<String, String> journaled) {
        pins.putAll(journaled);
    }

    /** Pins a step to the agent version it is dispatched to: its retries and re-dispatches use that version. */
    synchronized void pin(String stepId, String agentKey) {
        pins.put(stepId, agentKey);
    }

    /** The agent version ({@code id@version}) the step is pinned to, if it was dispatched. */
    synchronized Optional<String> pinOf(String stepId) {
        return Optional.ofNullable(pins.get(stepId));
    }

    /**
     * The unfinished steps pinned to {@code from} (an {@code id@version}, or {@code id@} for every version of the id)
     * that no call is running for (parked, or held for approval), and so can be re-pinned to {@code to}.
     */
    synchronized List<String> repinnable(String from, String to) {
        List<String> steps = new ArrayList<>();
        pins.forEach((stepId, pin) -> {
            boolean matches = from.endsWith("@") ? pin.startsWith(from) : pin.equals(from);
            if (matches && !pin.equals(to) && !outputs.containsKey(stepId)
                    && (!running.contains(stepId) || waiting.contains(stepId))) {
                steps.add(stepId);
            }
        });
        return steps;
    }

    /** The steps that could run but do not: dependencies done, not running, not a wait (they wait for an agent). */
    synchronized List<StepDefinition> parked() {
        List<StepDefinition> parked = new ArrayList<>();
        if (ended) {
            return parked;
        }
        for (StepDefinition step : definition.steps()) {
            if (!outputs.containsKey(step.id()) && !running.contains(step.id()) && step.waiting().isEmpty()
                    && outputs.keySet().containsAll(step.dependsOn())) {
                parked.add(step);
            }
        }
        return parked;
    }

    /** Steps whose dependencies are done and that can run now; they are marked running. */
    synchronized List<StepDefinition> claimReady(Predicate<StepDefinition> runnable) {
        List<StepDefinition> ready = new ArrayList<>();
        if (ended) {
            return ready;
        }
        for (StepDefinition step : definition.steps()) {
            if (!outputs.containsKey(step.id()) && !running.contains(step.id())
                    && outputs.keySet().containsAll(step.dependsOn())
                    && (step.waiting().isPresent() || runnable.test(step))) {
                running.add(step.id());
                ready.add(step);
            }
        }
        return ready;
    }

    synchronized Map<String, Object> inputOf(StepDefinition step) {
        return InputMapping.resolve(step, instance.input(), outputs);
    }

    /** When a wait began and its deadline, once journaled (before a restart, say). */
    synchronized Optional<WaitBegun> begunOf(String stepId) {
        return Optional.ofNullable(begun.get(stepId));
    }

    /** Marks a wait as begun: the flow is WAITING while nothing but waits is running. */
    synchronized void waitBegun(String stepId, WaitBegun when) {
        begun.put(stepId, when);
        waiting.add(stepId);
    }

    /** Ends a wait once: true for the first caller (signal or timer), false when it ended already. */
    synchronized boolean endWait(String stepId) {
        return !ended && waiting.remove(stepId);
    }

    synchronized boolean isWaitingFor(String stepId) {
        return waiting.contains(stepId);
    }

    /** The status the flow has while this step finishes with {@code ok}: COMPLETED, FAILED, RUNNING or WAITING. */
    synchronized FlowStatus statusAfter(String stepId, boolean ok) {
        if (!ok) {
            return FlowStatus.FAILED;
        }
        if (outputs.size() == definition.steps().size() - 1 && !outputs.containsKey(stepId)) {
            return FlowStatus.COMPLETED;
        }
        return statusNow(stepId);
    }

    /** RUNNING, or WAITING when every running step other than {@code except} is a wait. */
    synchronized FlowStatus statusNow(String except) {
        boolean onlyWaits = running.stream().filter(id -> !id.equals(except)).allMatch(waiting::contains)
                && running.stream().anyMatch(id -> !id.equals(except));
        return onlyWaits ? FlowStatus.WAITING : FlowStatus.RUNNING;
    }

    synchronized void succeeded(String stepId, Map<String, Object> output) {
        running.remove(stepId);
        waiting.remove(stepId);
        outputs.put(stepId, output);
        ended = ended || outputs.size() == definition.steps().size();
    }

    synchronized void release(String stepId) {
        running.remove(stepId);
    }

    synchronized void failed(String stepId) {
        running.remove(stepId);
        waiting.remove(stepId);
        ended = true;
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized Set<String> waits() {
        return Set.copyOf(waiting);
    }

    void abandon() {
        abandoned = true;
        synchronized (this) {
            ended = true;
        }
    }

    boolean abandoned() {
        return abandoned;
    }
}

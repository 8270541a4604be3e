package dev.steward.kernel.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.StepDefinition;

/** The in-memory state of one running flow: which steps are done (with their outputs) and which are running. */
final class FlowRun {

    private final FlowInstance instance;
    private final FlowDefinition definition;
    private final Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
    private final Set<String> running = new HashSet<>();
    private boolean ended;
    private volatile boolean abandoned;

    FlowRun(FlowInstance instance, FlowDefinition definition, Map<String, Map<String, Object>> doneBefore) {
        this.instance = instance;
        this.definition = definition;
        this.outputs.putAll(doneBefore);
    }

    FlowInstance instance() {
        return instance;
    }

    String id() {
        return instance.id();
    }

    /** Steps whose dependencies are done and that can run now; they are marked running. */
    synchronized List<StepDefinition> claimReady(Predicate<StepDefinition> runnable) {
        List<StepDefinition> ready = new ArrayList<>();
        if (ended) {
            return ready;
        }
        for (StepDefinition step : definition.steps()) {
            if (!outputs.containsKey(step.id()) && !running.contains(step.id())
                    && outputs.keySet().containsAll(step.dependsOn()) && runnable.test(step)) {
                running.add(step.id());
                ready.add(step);
            }
        }
        return ready;
    }

    synchronized Map<String, Object> inputOf(StepDefinition step) {
        return InputMapping.resolve(step, instance.input(), outputs);
    }

    /** Whether this step, if it succeeds, finishes the flow. */
    synchronized boolean isLast(StepDefinition step) {
        return outputs.size() == definition.steps().size() - 1 && !outputs.containsKey(step.id());
    }

    synchronized void succeeded(String stepId, Map<String, Object> output) {
        running.remove(stepId);
        outputs.put(stepId, output);
        ended = outputs.size() == definition.steps().size();
    }

    synchronized void release(String stepId) {
        running.remove(stepId);
    }

    synchronized void failed(String stepId) {
        running.remove(stepId);
        ended = true;
    }

    synchronized boolean ended() {
        return ended;
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

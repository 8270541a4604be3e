package dev.steward.orchestration.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanStep;

/**
 * Starts a valid plan's flow. A template plan starts the template's flow definition; a model's plan becomes a flow
 * definition of its own, {@code plan-<plan id>} version 1, offered to the kernel just long enough to start it: the
 * kernel archives each definition version when its first flow starts, and a flow keeps its definition for good
 * (resumed, retried and rolled back on it), so the offer is withdrawn at once and plans do not pile up among the
 * operator's definitions.
 */
final class PlanRunner {

    static final String PREFIX = "plan-";

    private final DefinitionOffer offer;
    private final Duration wait;

    PlanRunner(DefinitionOffer offer, Duration wait) {
        this.offer = offer;
        this.wait = wait;
    }

    Plan start(Plan plan, FlowService flows, Map<String, Object> input) throws InterruptedException {
        if (plan.origin() == Plan.Origin.TEMPLATE) {
            FlowInstance flow = flows.start(plan.flowDefinitionId(), input);
            return plan.started(flow.definitionId(), flow.id());
        }
        FlowDefinition definition = definition(plan);
        Runnable withdraw = offer.offer(definition);
        try {
            awaitDefinition(flows, definition.id());
            FlowInstance flow = flows.start(definition.id(), input);
            return plan.started(definition.id(), flow.id());
        } finally {
            withdraw.run();
        }
    }

    static FlowDefinition definition(Plan plan) {
        List<StepDefinition> steps = plan.steps().stream().map(PlanRunner::step).toList();
        return new FlowDefinition(PREFIX + plan.id(), 1, plan.goal().text(), steps);
    }

    private static StepDefinition step(PlanStep s) {
        return new StepDefinition(s.id(), s.capability(), s.input(), s.dependsOn(), null, null, null);
    }

    private void awaitDefinition(FlowService flows, String id) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (flows.definitions().stream().noneMatch(d -> d.id().equals(id))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the kernel did not take the plan's flow definition '" + id
                        + "' within " + wait.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}

package dev.steward.orchestration.internal;

import java.util.List;

import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/**
 * What a planner made of a goal: the steps and why, what made them, the flow definition that would run them when
 * it exists already (a template), and the problems that reject it.
 *
 * @param steps the steps, possibly none
 * @param rationale why these steps
 * @param source what made them
 * @param templateId the template chosen, or {@code null} for a plan that needs a flow definition of its own
 * @param problems why it cannot run; empty when it can
 */
record Draft(List<PlanStep> steps, String rationale, String source, String templateId, List<PlanProblem> problems) {

    Draft {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }

    static Draft failed(String source, PlanProblem problem) {
        return new Draft(List.of(), "", source, null, List.of(problem));
    }
}

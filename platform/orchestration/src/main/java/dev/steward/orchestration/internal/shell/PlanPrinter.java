package dev.steward.orchestration.internal.shell;

import java.util.TreeMap;

import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/** Writes a plan for the shell: its status and origin, its steps with their inputs, and its problems. */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Plan ").append(plan.id()).append(": ").append(plan.status());
        if (plan.flowId() != null) {
            out.append(" as flow ").append(plan.flowId()).append(" (").append(plan.flowDefinitionId()).append(')');
        }
        out.append('\n').append("Goal:      ").append(plan.goal().text()).append('\n');
        if (!plan.goal().context().isEmpty()) {
            out.append("Context:   ").append(new TreeMap<>(plan.goal().context())).append('\n');
        }
        out.append("Made by:   ").append(plan.origin()).append(", ").append(plan.source()).append('\n');
        if (!plan.rationale().isBlank()) {
            out.append("Rationale: ").append(plan.rationale()).append('\n');
        }
        for (PlanStep step : plan.steps()) {
            out.append("  ").append(step.id()).append(": ").append(step.capability());
            if (!step.dependsOn().isEmpty()) {
                out.append(" after ").append(String.join(", ", step.dependsOn()));
            }
            out.append('\n');
            new TreeMap<>(step.input()).forEach((field, from) -> out.append("      ").append(field).append(" <- ")
                    .append(from).append('\n'));
        }
        if (!plan.problems().isEmpty()) {
            out.append("Problems:\n");
            for (PlanProblem problem : plan.problems()) {
                out.append("  - ").append(problem.describe()).append('\n');
            }
        }
        return out.toString();
    }
}

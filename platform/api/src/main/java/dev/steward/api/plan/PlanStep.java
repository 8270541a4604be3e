package dev.steward.api.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a plan: the capability it calls, the steps it waits for, where each input field comes from, and the
 * output fields the planner expects of it.
 *
 * @param id the step id, unique in the plan, not blank
 * @param capability the capability it calls, not blank
 * @param dependsOn the steps that must succeed first ({@code null} becomes empty)
 * @param input input field name to source path, {@code input.<field>[...]} (the goal's context, or {@code input.goal}
 *        for its text) or {@code steps.<step id>.<field>[...]} (an earlier step's output); {@code null} becomes empty,
 *        and a step without input receives the whole goal context
 * @param expectedOutput the output fields the plan relies on ({@code null} becomes empty)
 */
public record PlanStep(String id, String capability, List<String> dependsOn, Map<String, String> input,
        List<String> expectedOutput) {

    /** Validates the fields and copies the collections. */
    public PlanStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(capability, "capability");
        if (id.isBlank() || capability.isBlank()) {
            throw new IllegalArgumentException("plan step id and capability must not be blank");
        }
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        input = input == null ? Map.of() : Map.copyOf(input);
        expectedOutput = expectedOutput == null ? List.of() : List.copyOf(expectedOutput);
    }
}

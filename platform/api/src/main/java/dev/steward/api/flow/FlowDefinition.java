package dev.steward.api.flow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned flow: a directed acyclic graph of steps linked by {@code dependsOn}. A definition
 * that has been started is never changed; a change is a new version.
 *
 * @param id the definition id, not blank
 * @param version the version, at least 1
 * @param description what the flow does ({@code null} becomes empty)
 * @param steps the steps, at least one, with unique ids, known dependencies and no cycle
 * @param inputs the fields the flow input must match ({@code null} becomes empty: any input is taken)
 * @param compensateOnFailure whether a failed instance rolls back its completed steps by itself
 */
public record FlowDefinition(String id, int version, String description, List<StepDefinition> steps,
        List<FlowInput> inputs, boolean compensateOnFailure) {

    /**
     * A definition that takes any input and does not compensate by itself on failure.
     *
     * @param id the definition id
     * @param version the version
     * @param description what the flow does
     * @param steps the steps
     */
    public FlowDefinition(String id, int version, String description, List<StepDefinition> steps) {
        this(id, version, description, steps, List.of(), false);
    }

    /** Validates the fields and the step graph, and copies the steps. */
    public FlowDefinition {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Flow definition id must not be blank");
        }
        if (version < 1) {
            throw new IllegalArgumentException("Flow '" + id + "' version must be at least 1, was " + version);
        }
        description = description == null ? "" : description;
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("Flow '" + id + "' needs at least one step");
        }
        checkGraph(id, steps);
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        if (inputs.stream().map(FlowInput::name).distinct().count() != inputs.size()) {
            throw new IllegalArgumentException("Flow '" + id + "' declares an input field twice");
        }
    }

    /**
     * Checks a flow input against the declared fields; fields that are not declared are kept as they are.
     *
     * @param input the input, not {@code null}
     * @throws InvalidFlowInputException naming the first field at fault
     */
    public void checkInput(Map<String, Object> input) {
        inputs.forEach(field -> field.check(input));
    }

    /**
     * Finds a step by id.
     *
     * @param stepId the step id
     * @return the step, or empty when the flow has no such step
     */
    public Optional<StepDefinition> step(String stepId) {
        return steps.stream().filter(step -> step.id().equals(stepId)).findFirst();
    }

    private static void checkGraph(String flowId, List<StepDefinition> steps) {
        Map<String, Integer> waitingOn = new HashMap<>();
        for (StepDefinition step : steps) {
            if (waitingOn.put(step.id(), step.dependsOn().size()) != null) {
                throw new IllegalArgumentException("Flow '" + flowId + "' has two steps with id '" + step.id() + "'");
            }
        }
        for (StepDefinition step : steps) {
            for (String dependency : step.dependsOn()) {
                if (!waitingOn.containsKey(dependency)) {
                    throw new IllegalArgumentException("Step '" + step.id() + "' of flow '" + flowId
                            + "' depends on unknown step '" + dependency + "'");
                }
            }
        }
        // Kahn's algorithm: if some step is never freed, the steps left form a cycle.
        Deque<String> ready = new ArrayDeque<>();
        waitingOn.forEach((stepId, count) -> {
            if (count == 0) {
                ready.add(stepId);
            }
        });
        int freed = 0;
        while (!ready.isEmpty()) {
            String done = ready.poll();
            freed++;
            for (StepDefinition step : steps) {
                if (step.dependsOn().contains(done) && waitingOn.merge(step.id(), -1, Integer::sum) == 0) {
                    ready.add(step.id());
                }
            }
        }
        if (freed != steps.size()) {
            throw new IllegalArgumentException("Flow '" + flowId + "' has a dependency cycle among its steps");
        }
    }
}

package dev.steward.orchestration.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/**
 * Checks one step of a plan against its agent's schemas: where each input field comes from, whether it has the
 * type the agent wants, whether every required field is given, and whether the outputs the plan expects exist.
 */
final class StepCheck {

    private final PlanStep step;
    private final AgentDescriptor agent;
    private final SchemaView input;
    private final Map<String, PlanStep> steps;
    private final Set<String> ancestors;
    private final Map<String, Object> flowInput;
    private final AgentCatalog catalog;
    private final boolean strictSources;
    private final List<PlanProblem> problems;

    StepCheck(PlanStep step, AgentDescriptor agent, Map<String, PlanStep> steps, Set<String> ancestors,
            Map<String, Object> flowInput, AgentCatalog catalog, boolean strictSources, List<PlanProblem> problems) {
        this.step = step;
        this.agent = agent;
        this.input = SchemaView.parse(agent.inputSchema());
        this.steps = steps;
        this.ancestors = ancestors;
        this.flowInput = flowInput;
        this.catalog = catalog;
        this.strictSources = strictSources;
        this.problems = problems;
    }

    void run() {
        if (step.input().isEmpty()) {
            checkWholeInput();
        } else {
            new TreeMap<>(step.input()).forEach(this::checkField);
            for (String required : input.required()) {
                if (!step.input().containsKey(required)) {
                    problem("input." + required, "is required by " + agentName() + "'s input schema but the step "
                            + "does not give it");
                }
            }
        }
        checkExpectedOutput();
    }

    /** A step without input mapping receives the flow input as it is. */
    private void checkWholeInput() {
        for (String required : input.required()) {
            if (flowInput.get(required) == null) {
                problem("input." + required, "is required by " + agentName() + "'s input schema; the step has no "
                        + "input mapping, so it gets the goal's context, which has no field '" + required + "'");
            }
        }
        flowInput.forEach((field, value) -> input.property(field).ifPresent(property -> {
            Set<String> source = Set.of(SchemaView.typeOf(value));
            if (!SchemaView.fits(source, property.types())) {
                problem("input." + field, "the goal's context gives " + describe(source) + " but " + agentName()
                        + "'s input schema wants " + describe(property.types()));
            }
        }));
    }

    private void checkField(String field, String path) {
        boolean required = input.required().contains(field);
        Optional<SchemaView> target = input.property(field);
        if (target.isEmpty() && input.closed()) {
            problem("input." + field, agentName() + "'s input schema has no field '" + field + "' (it declares "
                    + names(input.propertyNames()) + ")");
            return;
        }
        Optional<Set<String>> source = sourceTypes(field, path, required);
        if (source.isPresent() && target.isPresent() && !SchemaView.fits(source.get(), target.get().types())) {
            problem("input." + field, "'" + path + "' gives " + describe(source.get()) + " but " + agentName()
                    + "'s input schema wants " + describe(target.get().types()));
        }
    }

    /** The types a path can give (empty set: any), or empty when the path itself is a problem (reported). */
    private Optional<Set<String>> sourceTypes(String field, String path, boolean required) {
        String[] parts = path.split("\\.", -1);
        if (parts.length >= 2 && parts[0].equals("input") && Arrays.stream(parts).noneMatch(String::isEmpty)) {
            return contextTypes(field, path, parts, required);
        }
        if (parts.length >= 3 && parts[0].equals("steps") && Arrays.stream(parts).noneMatch(String::isEmpty)) {
            return outputTypes(field, path, parts);
        }
        problem("input." + field, "'" + path + "' must be input.<field> (the goal's context, input.goal for its "
                + "text) or steps.<step id>.<field> (an earlier step's output)");
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Optional<Set<String>> contextTypes(String field, String path, String[] parts, boolean required) {
        Object current = flowInput;
        for (int i = 1; i < parts.length; i++) {
            current = current instanceof Map ? ((Map<String, Object>) current).get(parts[i]) : null;
        }
        if (current == null) {
            if (strictSources || required) {
                problem("input." + field, "'" + path + "' reads what the goal's context does not have (it has "
                        + names(new TreeSet<>(flowInput.keySet())) + ")");
            }
            return Optional.empty();
        }
        return Optional.of(Set.of(SchemaView.typeOf(current)));
    }

    private Optional<Set<String>> outputTypes(String field, String path, String[] parts) {
        String upstreamId = parts[1];
        PlanStep upstream = steps.get(upstreamId);
        if (upstream == null) {
            problem("input." + field, "'" + path + "' reads the output of unknown step '" + upstreamId + "'");
            return Optional.empty();
        }
        if (!ancestors.contains(upstreamId)) {
            problem("input." + field, "'" + path + "' reads the output of step '" + upstreamId + "', which this step "
                    + "does not depend on (add it to dependsOn)");
            return Optional.empty();
        }
        if (StepDefinition.WAIT_CAPABILITY.equals(upstream.capability())) {
            return Optional.of(Set.of());
        }
        Optional<AgentDescriptor> producer = catalog.serving(upstream.capability());
        if (producer.isEmpty()) {
            return Optional.empty(); // the unknown capability is reported on its own step
        }
        SchemaView schema = SchemaView.parse(producer.get().outputSchema());
        for (int i = 2; i < parts.length; i++) {
            if (!schema.declaresProperties()) {
                return Optional.of(Set.of());
            }
            Optional<SchemaView> next = schema.property(parts[i]);
            if (next.isEmpty()) {
                problem("input." + field, "'" + path + "': step '" + upstreamId + "' (agent "
                        + producer.get().id() + ") has no output field '" + parts[i] + "' (its output schema declares "
                        + names(schema.propertyNames()) + ")");
                return Optional.empty();
            }
            schema = next.get();
        }
        return Optional.of(schema.types());
    }

    private void checkExpectedOutput() {
        SchemaView output = SchemaView.parse(agent.outputSchema());
        if (!output.declaresProperties()) {
            return;
        }
        for (String expected : step.expectedOutput()) {
            if (output.property(expected).isEmpty()) {
                problem("expectedOutput", agentName() + "'s output schema has no field '" + expected
                        + "' (it declares " + names(output.propertyNames()) + ")");
            }
        }
    }

    private String agentName() {
        return "agent " + agent.id();
    }

    private static String describe(Set<String> types) {
        return types.isEmpty() ? "any value" : types.size() == 1 ? "a value of type " + types.iterator().next()
                : "a value of type " + String.join(" or ", types);
    }

    private static String names(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private void problem(String field, String reason) {
        problems.add(new PlanProblem(step.id(), field, reason));
    }
}

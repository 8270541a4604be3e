package dev.steward.orchestration.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/**
 * Checks a plan before it runs, reporting every problem with its step, field and reason: step ids, unknown
 * capabilities, dangling or cyclic dependencies, input paths that read what the goal's context or an upstream
 * agent's output schema does not have (or read a step they do not wait for), inputs that an agent's input schema
 * requires but the plan does not give, fields of the wrong type, and expected outputs the agent does not declare.
 */
final class PlanValidator {

    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /**
     * @param steps the plan's steps
     * @param flowInput what the flow will be started with: the goal's context and its text
     * @param catalog the capabilities registered now
     * @param strictSources whether an input path that reads an absent context field is a problem even when the agent
     *        does not require the field (a model's plan must not invent fields; a template may read optional ones)
     * @return the problems, empty when the plan can run
     */
    List<PlanProblem> check(List<PlanStep> steps, Map<String, Object> flowInput, AgentCatalog catalog,
            boolean strictSources) {
        List<PlanProblem> problems = new ArrayList<>();
        if (steps.isEmpty()) {
            problems.add(new PlanProblem(null, "steps", "the plan has no steps"));
            return problems;
        }
        Map<String, PlanStep> byId = new HashMap<>();
        for (PlanStep step : steps) {
            if (!STEP_ID.matcher(step.id()).matches()) {
                problems.add(new PlanProblem(step.id(), "id",
                        "a step id starts with a letter or digit and has only letters, digits, '_', '.' or '-'"));
            }
            if (byId.putIfAbsent(step.id(), step) != null) {
                problems.add(new PlanProblem(step.id(), "id", "two steps have this id"));
            }
        }
        for (PlanStep step : steps) {
            checkDependencies(step, byId, problems);
        }
        cycle(steps, byId).ifPresent(cycle -> problems.add(new PlanProblem(null, "dependsOn",
                "steps " + String.join(" -> ", cycle) + " depend on each other in a cycle")));
        for (PlanStep step : steps) {
            if (StepDefinition.WAIT_CAPABILITY.equals(step.capability())) {
                continue;
            }
            Optional<AgentDescriptor> agent = catalog.serving(step.capability());
            if (agent.isEmpty()) {
                problems.add(new PlanProblem(step.id(), "capability", catalog.whyUnknown(step.capability())));
                continue;
            }
            new StepCheck(step, agent.get(), byId, ancestors(step, byId), flowInput, catalog, strictSources, problems)
                    .run();
        }
        return problems;
    }

    private static void checkDependencies(PlanStep step, Map<String, PlanStep> byId, List<PlanProblem> problems) {
        Set<String> seen = new HashSet<>();
        for (String dependency : step.dependsOn()) {
            if (dependency.equals(step.id())) {
                problems.add(new PlanProblem(step.id(), "dependsOn", "a step cannot depend on itself"));
            } else if (!byId.containsKey(dependency)) {
                problems.add(new PlanProblem(step.id(), "dependsOn", "depends on unknown step '" + dependency + "'"));
            }
            if (!seen.add(dependency)) {
                problems.add(new PlanProblem(step.id(), "dependsOn", "lists step '" + dependency + "' twice"));
            }
        }
    }

    /** The steps a step waits for, directly or through others. */
    private static Set<String> ancestors(PlanStep step, Map<String, PlanStep> byId) {
        Set<String> found = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(step.dependsOn());
        while (!todo.isEmpty()) {
            String id = todo.poll();
            PlanStep upstream = byId.get(id);
            if (upstream != null && found.add(id)) {
                todo.addAll(upstream.dependsOn());
            }
        }
        return found;
    }

    /** One dependency cycle, its first step repeated at the end, or empty when there is none. */
    private static Optional<List<String>> cycle(List<PlanStep> steps, Map<String, PlanStep> byId) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (PlanStep step : steps) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(step.id(), byId, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String id, Map<String, PlanStep> byId, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return Optional.empty();
        }
        if (s != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return Optional.of(cycle);
        }
        state.put(id, 1);
        path.add(id);
        for (String dependency : byId.get(id).dependsOn()) {
            if (byId.containsKey(dependency) && !dependency.equals(id)) {
                Optional<List<String>> found = visit(dependency, byId, state, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return Optional.empty();
    }
}

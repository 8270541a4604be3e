package dev.steward.kernel.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.steward.api.flow.StepDefinition;

/**
 * Builds a step's input from the flow input and the outputs of earlier steps. A mapping value is a path:
 * {@code input.<field>[.<field>...]} or {@code steps.<stepId>.<field>[...]}. A step without mapping gets the
 * flow input as it is.
 */
final class InputMapping {

    private InputMapping() {
    }

    static Map<String, Object> resolve(StepDefinition step, Map<String, Object> flowInput,
            Map<String, Map<String, Object>> outputs) {
        if (step.inputMapping().isEmpty()) {
            return flowInput;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        step.inputMapping().forEach((field, path) -> input.put(field, lookup(step.id(), field, path, flowInput, outputs)));
        return input;
    }

    /** Checks the paths of a step against the steps it may read from; the message names the step and field. */
    static void check(StepDefinition step, Set<String> stepIds) {
        step.inputMapping().forEach((field, path) -> {
            String[] parts = path.split("\\.");
            boolean ok = parts.length >= 2 && parts[0].equals("input")
                    || parts.length >= 3 && parts[0].equals("steps") && stepIds.contains(parts[1]);
            if (!ok) {
                throw new IllegalArgumentException("step '" + step.id() + "' input '" + field + "': '" + path
                        + "' must be input.<field> or steps.<known step id>.<field>");
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Object lookup(String stepId, String field, String path, Map<String, Object> flowInput,
            Map<String, Map<String, Object>> outputs) {
        String[] parts = path.split("\\.");
        Object current;
        int from;
        if (parts[0].equals("input")) {
            current = flowInput;
            from = 1;
        } else {
            current = outputs.get(parts[1]);
            from = 2;
        }
        for (int i = from; i < parts.length && current != null; i++) {
            current = current instanceof Map ? ((Map<String, Object>) current).get(parts[i]) : null;
        }
        return current;
    }
}

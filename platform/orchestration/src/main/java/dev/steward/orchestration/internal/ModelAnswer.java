package dev.steward.orchestration.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/**
 * Reads a model's plan, {@code {"rationale": ..., "steps": [{"id", "capability", "dependsOn", "input": [{"field",
 * "from"}], "expectedOutput"}]}}, as the JSON schema of the request asks; an answer of another shape is a problem
 * the model is told about in the next repair round.
 *
 * @param steps the steps read
 * @param rationale the model's rationale
 * @param problems what is wrong with the answer's shape; empty when it was read
 */
record ModelAnswer(List<PlanStep> steps, String rationale, List<PlanProblem> problems) {

    /** The JSON schema of the answer (strict: every property required, none other allowed). */
    static String schema(List<String> capabilities) {
        Map<String, Object> input = object(Map.of("field", Map.of("type", "string"), "from", Map.of("type", "string")));
        Map<String, Object> step = object(Map.of(
                "id", Map.of("type", "string"),
                "capability", Map.of("type", "string", "enum", capabilities),
                "dependsOn", Map.of("type", "array", "items", Map.of("type", "string")),
                "input", Map.of("type", "array", "items", input),
                "expectedOutput", Map.of("type", "array", "items", Map.of("type", "string"))));
        return PlanJson.text(object(Map.of("rationale", Map.of("type", "string"),
                "steps", Map.of("type", "array", "items", step))));
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("properties", properties);
        m.put("required", properties.keySet().stream().sorted().toList());
        m.put("additionalProperties", false);
        return m;
    }

    static ModelAnswer parse(String content) {
        JsonNode root;
        try {
            root = PlanJson.MAPPER.readTree(content);
        } catch (Exception e) {
            return invalid("the answer is not JSON");
        }
        if (root == null || !root.isObject() || !root.path("steps").isArray()) {
            return invalid("the answer is not an object with a 'steps' array");
        }
        List<PlanStep> steps = new ArrayList<>();
        List<PlanProblem> problems = new ArrayList<>();
        int index = 0;
        for (JsonNode s : root.path("steps")) {
            String where = "steps[" + index++ + "]";
            String id = s.path("id").asText("");
            String capability = s.path("capability").asText("");
            if (!s.isObject() || id.isBlank() || capability.isBlank()) {
                problems.add(new PlanProblem(null, where, "a step needs a non-empty 'id' and 'capability'"));
                continue;
            }
            Map<String, String> input = new LinkedHashMap<>();
            JsonNode given = s.path("input");
            if (given.isArray()) {
                for (JsonNode pair : given) {
                    if (!pair.path("field").isTextual() || !pair.path("from").isTextual()) {
                        problems.add(new PlanProblem(id, "input", "each input is {\"field\": ..., \"from\": ...}"));
                    } else if (input.put(pair.path("field").asText(), pair.path("from").asText()) != null) {
                        problems.add(new PlanProblem(id, "input." + pair.path("field").asText(), "is given twice"));
                    }
                }
            } else if (given.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    input.put(e.getKey(), e.getValue().asText());
                }
            }
            steps.add(new PlanStep(id, capability, PlanJson.texts(s.path("dependsOn")), input,
                    PlanJson.texts(s.path("expectedOutput"))));
        }
        return new ModelAnswer(steps, root.path("rationale").asText(""), problems);
    }

    private static ModelAnswer invalid(String reason) {
        return new ModelAnswer(List.of(), "", List.of(new PlanProblem(null, "answer", reason)));
    }
}

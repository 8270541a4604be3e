package dev.steward.orchestration.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/** A plan as JSON text, as the store keeps it (Neo4j properties cannot hold maps), and back. */
final class PlanJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    static String write(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", plan.id());
        m.put("goal", Map.of("text", plan.goal().text(), "context", plan.goal().context()));
        m.put("steps", plan.steps().stream().map(PlanJson::step).toList());
        m.put("rationale", plan.rationale());
        m.put("origin", plan.origin().name());
        m.put("source", plan.source());
        m.put("status", plan.status().name());
        m.put("problems", plan.problems().stream().map(PlanJson::problem).toList());
        m.put("flowDefinitionId", plan.flowDefinitionId());
        m.put("flowId", plan.flowId());
        m.put("createdAt", plan.createdAt().toString());
        return text(m);
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan not written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> step(PlanStep step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", step.id());
        m.put("capability", step.capability());
        m.put("dependsOn", step.dependsOn());
        m.put("input", new java.util.TreeMap<>(step.input()));
        m.put("expectedOutput", step.expectedOutput());
        return m;
    }

    static Map<String, Object> problem(PlanProblem problem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stepId", problem.stepId());
        m.put("field", problem.field());
        m.put("reason", problem.reason());
        return m;
    }

    static Plan read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            Map<String, Object> context = MAPPER.convertValue(n.path("goal").path("context"),
                    new TypeReference<Map<String, Object>>() { });
            List<PlanStep> steps = new ArrayList<>();
            for (JsonNode s : n.path("steps")) {
                steps.add(new PlanStep(s.path("id").asText(), s.path("capability").asText(), texts(s.path("dependsOn")),
                        MAPPER.convertValue(s.path("input"), new TypeReference<Map<String, String>>() { }),
                        texts(s.path("expectedOutput"))));
            }
            List<PlanProblem> problems = new ArrayList<>();
            for (JsonNode p : n.path("problems")) {
                problems.add(new PlanProblem(nullable(p.path("stepId")), nullable(p.path("field")),
                        p.path("reason").asText()));
            }
            return new Plan(n.path("id").asText(), new Goal(n.path("goal").path("text").asText(), context), steps,
                    n.path("rationale").asText(), Plan.Origin.valueOf(n.path("origin").asText()),
                    n.path("source").asText(), Plan.Status.valueOf(n.path("status").asText()), problems,
                    nullable(n.path("flowDefinitionId")), nullable(n.path("flowId")),
                    Instant.parse(n.path("createdAt").asText()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan is not readable JSON: " + e.getOriginalMessage(), e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static String nullable(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}

package dev.steward.rest.internal;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.plan.Choreographer;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.rest.internal.Router.Call;

/**
 * The choreographer's endpoints: operators propose a plan for a goal (and start it at once if they ask) or start a
 * valid plan; viewers list plans and read one with its steps, problems and flow.
 */
final class PlanResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private final Json json;
    private final Supplier<Choreographer> choreographer;
    private final String base;

    PlanResource(Json json, Supplier<Choreographer> choreographer, String base) {
        this.json = json;
        this.choreographer = choreographer;
        this.base = base;
    }

    void addTo(Router router) {
        router.add("POST", "/plans", Role.OPERATOR, this::propose)
                .add("GET", "/plans", Role.VIEWER, this::list)
                .add("GET", "/plans/{id}", Role.VIEWER, call -> ApiReply.json(200, json.write(choreographer()
                        .find(call.param("id"))
                        .orElseThrow(() -> new ApiError(404, "no plan with id '" + call.param("id") + "'")))))
                .add("POST", "/plans/{id}/run", Role.OPERATOR,
                        call -> ApiReply.json(200, json.write(choreographer().run(call.param("id"), call.caller().name()))));
    }

    /**
     * {@code {"goal": "...", "context": {...}, "run": false}}: 201 with the plan, VALID or REJECTED with its problems;
     * with {@code run}, a valid plan is started (201, STARTED) and a rejected one answers 422 with its problems.
     */
    private ApiReply propose(Call call) {
        RequestFields fields = new RequestFields(json.readObject(call.request().body(), "the request body"),
                Set.of("goal", "context", "run"));
        String text = fields.requiredText("goal", "what is wanted, in a sentence");
        Map<String, Object> context = context(fields.node("context"));
        JsonNode run = fields.node("run");
        if (run != null && !run.isBoolean()) {
            throw new ApiError(400, "run must be true or false", "run");
        }
        Choreographer service = choreographer();
        Plan plan = service.propose(new Goal(text, context), call.caller().name());
        if (run != null && run.asBoolean()) {
            if (plan.status() == Plan.Status.REJECTED) {
                return ApiReply.json(422, json.write(plan)).withHeader("Location", base + "/plans/" + plan.id());
            }
            plan = service.run(plan.id(), call.caller().name());
        }
        return ApiReply.json(201, json.write(plan)).withHeader("Location", base + "/plans/" + plan.id());
    }

    private Map<String, Object> context(JsonNode node) {
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ApiError(400, "context must be a JSON object of named values", "context");
        }
        if (node.has(Goal.TEXT_FIELD)) {
            throw new ApiError(400, "context." + Goal.TEXT_FIELD + " is reserved: the steps read the goal's text there",
                    "context." + Goal.TEXT_FIELD);
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                throw new ApiError(400, "context." + e.getKey() + " must not be null (leave it out)", "context." + e.getKey());
            }
        });
        return json.toMap(node);
    }

    private ApiReply list(Call call) {
        String text = call.request().query().get("limit");
        int limit = DEFAULT_LIMIT;
        if (text != null && !text.isEmpty()) {
            try {
                limit = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiError(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + text + "'",
                        "limit");
            }
        }
        return ApiReply.json(200, json.write(Map.of("plans", choreographer().plans(limit))));
    }

    private Choreographer choreographer() {
        Choreographer service = choreographer.get();
        if (service == null) {
            throw new ApiError(503, "the choreographer is not available (bundle dev.steward.orchestration is not running)");
        }
        return service;
    }
}

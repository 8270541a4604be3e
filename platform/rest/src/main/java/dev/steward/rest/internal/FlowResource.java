package dev.steward.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.rest.internal.Router.Call;

/**
 * The flow endpoints: list, start and inspect flows, act on them (cancel, retry, roll back, signal) as the
 * authenticated user, and list definitions. Each call is one call of {@link FlowService}.
 */
final class FlowResource {

    private final Json json;
    private final Supplier<FlowService> flows;
    private final String base;

    FlowResource(Json json, Supplier<FlowService> flows, String base) {
        this.json = json;
        this.flows = flows;
        this.base = base;
    }

    void addTo(Router router) {
        router.add("GET", "/definitions", Role.VIEWER, call -> ok(flows().definitions()))
                .add("GET", "/flows", Role.VIEWER, this::list)
                .add("POST", "/flows", Role.OPERATOR, this::start)
                .add("GET", "/flows/{id}", Role.VIEWER, call -> ok(find(flows(), call.param("id"))))
                .add("GET", "/flows/{id}/steps", Role.VIEWER, call -> {
                    FlowService service = flows();
                    return ok(service.steps(find(service, call.param("id")).id()));
                })
                .add("GET", "/flows/{id}/audit", Role.VIEWER, call -> {
                    FlowService service = flows();
                    return ok(service.audit(find(service, call.param("id")).id()));
                })
                .add("GET", "/flows/{id}/rollback-preview", Role.VIEWER,
                        call -> ok(flows().rollbackPreview(call.param("id"))))
                .add("POST", "/flows/{id}/cancel", Role.OPERATOR,
                        call -> ok(flows().cancel(call.param("id"), call.caller().name())))
                .add("POST", "/flows/{id}/retry", Role.OPERATOR,
                        call -> ok(flows().retry(call.param("id"), call.caller().name())))
                .add("POST", "/flows/{id}/rollback", Role.OPERATOR,
                        call -> ok(flows().rollback(call.param("id"), call.caller().name())))
                .add("POST", "/flows/{id}/signals/{name}", Role.OPERATOR, this::signal)
                .add("GET", "/approvals", Role.VIEWER, call -> ok(flows().escalations()))
                .add("POST", "/flows/{id}/steps/{step}/approve", Role.OPERATOR, this::approve)
                .add("POST", "/flows/{id}/steps/{step}/reject", Role.OPERATOR, this::reject);
    }

    /** Approves a held step; the optional body {@code {"input": {...}}} changes fields of its input. */
    private ApiReply approve(Call call) {
        FlowService service = flows();
        String id = find(service, call.param("id")).id();
        Map<String, Object> body = optionalObject(call, "the approval");
        Object input = body.get("input");
        if (input != null && !(input instanceof Map)) {
            throw new ApiError(400, "input must be a JSON object of the fields to change", "input");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> edits = (Map<String, Object>) input;
        service.approve(id, call.param("step"), edits, call.caller().name());
        return ApiReply.json(202, json.write(Map.of("flowId", id, "stepId", call.param("step"), "decision", "approve")));
    }

    /**
     * Rejects a held step; the optional body {@code {"reason": "...", "rollback": true}} says why, and asks for the
     * flow to be rolled back.
     */
    private ApiReply reject(Call call) {
        FlowService service = flows();
        String id = find(service, call.param("id")).id();
        Map<String, Object> body = optionalObject(call, "the rejection");
        Object reason = body.get("reason");
        if (reason != null && !(reason instanceof String)) {
            throw new ApiError(400, "reason must be text", "reason");
        }
        Object rollback = body.getOrDefault("rollback", false);
        if (!(rollback instanceof Boolean)) {
            throw new ApiError(400, "rollback must be true or false", "rollback");
        }
        if ((Boolean) rollback) {
            service.rejectAndRollBack(id, call.param("step"), (String) reason, call.caller().name());
        } else {
            service.reject(id, call.param("step"), (String) reason, call.caller().name());
        }
        return ApiReply.json(202, json.write(Map.of("flowId", id, "stepId", call.param("step"), "decision", "reject",
                "rollback", rollback)));
    }

    private Map<String, Object> optionalObject(Call call, String what) {
        byte[] body = call.request().body();
        return new String(body, StandardCharsets.UTF_8).isBlank() ? Map.of() : json.toMap(json.readObject(body, what));
    }

    private ApiReply list(Call call) {
        FlowStatus status = status(call.request().query().get("status"));
        String definition = call.request().query().get("definition");
        List<FlowInstance> found = flows().list(status).stream()
                .filter(flow -> definition == null || definition.isEmpty() || flow.definitionId().equals(definition))
                .toList();
        return ok(found);
    }

    static FlowStatus status(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return FlowStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "status '" + text + "' is not one of " + List.of(FlowStatus.values()), "status");
        }
    }

    private ApiReply start(Call call) {
        JsonNode body = json.readObject(call.request().body(), "the request body");
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("definition") && !name.equals("input")) {
                throw new ApiError(400, "unknown field '" + name + "' (expected 'definition' and 'input')", name);
            }
        }
        JsonNode definition = body.get("definition");
        if (definition == null || !definition.isTextual() || definition.asText().isBlank()) {
            throw new ApiError(400, "definition must be the id of a flow definition", "definition");
        }
        JsonNode input = body.get("input");
        if (input != null && !input.isNull() && !input.isObject()) {
            throw new ApiError(400, "input must be a JSON object", "input");
        }
        Map<String, Object> fields = input == null || input.isNull() ? Map.of() : json.toMap(input);
        FlowInstance flow = flows().start(definition.asText(), fields);
        return ApiReply.json(201, json.write(flow)).withHeader("Location", base + "/flows/" + flow.id());
    }

    private ApiReply signal(Call call) {
        String id = call.param("id");
        String name = call.param("name");
        Map<String, Object> payload = optionalObject(call, "the signal payload");
        flows().signal(id, name, payload.isEmpty() ? null : payload, call.caller().name());
        return ApiReply.json(202, json.write(Map.of("flowId", id, "signal", name)));
    }

    private FlowService flows() {
        FlowService service = flows.get();
        if (service == null) {
            throw new ApiError(503, "flows are not available (bundle dev.steward.kernel is not running)");
        }
        return service;
    }

    private static FlowInstance find(FlowService service, String id) {
        return service.find(id).orElseThrow(() -> new ApiError(404, "no flow with id '" + id + "'"));
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Memory;
import dev.steward.rest.internal.Router.Call;

/**
 * The memory's context endpoints, both for viewers (they read only): the context bundle for a task from the three
 * tiers, and a flow's working context. Each call is one call of {@link Memory}; input it refuses is the request's
 * fault (400).
 */
final class ContextResource {

    /** The budget when the request gives none, in characters. */
    static final int DEFAULT_MAX_CHARS = 4_000;
    private static final Set<String> FIELDS = Set.of("task", "sessionId", "flowId", "maxChars", "types", "metadata");

    private final Json json;
    private final Supplier<Memory> memory;

    ContextResource(Json json, Supplier<Memory> memory) {
        this.json = json;
        this.memory = memory;
    }

    void addTo(Router router) {
        router.add("POST", "/memory/context", Role.VIEWER, this::context)
                .add("GET", "/memory/working/{flowId}", Role.VIEWER, this::working);
    }

    private ApiReply context(Call call) {
        ContextRequest request = read(json.readObject(call.request().body(), "the context request"));
        Memory service = memory();
        try {
            return ok(service.context(request));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
    }

    private ApiReply working(Call call) {
        String flowId = call.param("flowId");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flowId", flowId);
        body.put("entries", memory().working().entries(flowId));
        return ok(body);
    }

    /** Reads {@code {task, sessionId, flowId, maxChars, types, metadata}}, each wrong field a 400 naming it. */
    static ContextRequest read(JsonNode body) {
        RequestFields fields = new RequestFields(body, FIELDS);
        String task = fields.requiredText("task", "what the task is about (the search text)");
        String sessionId = optionalId(fields, "sessionId");
        String flowId = optionalId(fields, "flowId");
        int maxChars = maxChars(fields.node("maxChars"));
        return new ContextRequest(task, sessionId, flowId, maxChars, types(fields.node("types")),
                EpisodeBody.metadata(fields.node("metadata")));
    }

    private static String optionalId(RequestFields fields, String field) {
        String id = fields.text(field, null);
        if (id != null && id.isBlank()) {
            throw new ApiError(400, field + " must not be blank (leave it out instead)", field);
        }
        return id;
    }

    private static int maxChars(JsonNode node) {
        if (node == null) {
            return DEFAULT_MAX_CHARS;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1
                || node.asInt() > ContextRequest.MAX_CHARS) {
            throw new ApiError(400, "maxChars must be a whole number from 1 to " + ContextRequest.MAX_CHARS, "maxChars");
        }
        return node.asInt();
    }

    private static Set<String> types(JsonNode node) {
        return new LinkedHashSet<>(RequestFields.texts(node, "types", "episode kinds or entity types"));
    }

    private Memory memory() {
        Memory service = memory.get();
        if (service == null) {
            throw new ApiError(503, "the memory is not available (bundle dev.steward.memory is not running, or one of "
                    + "its tiers is missing)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

package dev.steward.rest.internal;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.steward.api.memory.KnowledgeBank;
import dev.steward.rest.internal.Router.Call;

/**
 * The knowledge bank endpoints: search (viewer) and forgetting a subject (admin, as the authenticated user).
 * Each call is one call of {@link KnowledgeBank}.
 */
final class MemoryResource {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final Json json;
    private final Supplier<KnowledgeBank> knowledge;

    MemoryResource(Json json, Supplier<KnowledgeBank> knowledge) {
        this.json = json;
        this.knowledge = knowledge;
    }

    void addTo(Router router) {
        router.add("GET", "/memory/search", Role.VIEWER, this::search)
                .add("DELETE", "/memory/subjects/{entityId}", Role.ADMIN, this::forget);
    }

    private ApiReply search(Call call) {
        Map<String, String> query = call.request().query();
        String text = query.get("q");
        if (text == null || text.isBlank()) {
            throw new ApiError(400, "q is required: the text to search for", "q");
        }
        String type = query.get("type");
        int limit = DeadLetterResource.limit(query.get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        KnowledgeBank bank = knowledge();
        try {
            return ok(bank.search(text, type == null || type.isEmpty() ? null : Set.of(type), limit));
        } catch (IllegalArgumentException e) {
            // the knowledge bank refuses input it cannot search with: the request is wrong, not a missing resource
            throw new ApiError(400, e.getMessage());
        }
    }

    private ApiReply forget(Call call) {
        String entityId = call.param("entityId");
        int erased = knowledge().forgetSubject(entityId, call.caller().name());
        return ok(Map.of("entityId", entityId, "erased", erased));
    }

    private KnowledgeBank knowledge() {
        KnowledgeBank service = knowledge.get();
        if (service == null) {
            throw new ApiError(503, "the knowledge bank is not available (bundle dev.steward.memory is not running)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

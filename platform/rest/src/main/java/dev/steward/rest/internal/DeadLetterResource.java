package dev.steward.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.rest.internal.Router.Call;

/**
 * The exceptions inbox endpoints: list and inspect dead letters, replay one or every OPEN letter of a route, and
 * discard one. Each call is one call of {@link ExceptionsInbox}.
 */
final class DeadLetterResource {

    static final List<String> STATUSES = List.of("OPEN", "REPLAYING", "REPLAYED", "DISCARDED");
    static final int DEFAULT_LIMIT = 100;

    private final Json json;
    private final Supplier<ExceptionsInbox> inbox;

    DeadLetterResource(Json json, Supplier<ExceptionsInbox> inbox) {
        this.json = json;
        this.inbox = inbox;
    }

    void addTo(Router router) {
        // /dead-letters/replay before /dead-letters/{id}/... : the router takes the first route that matches
        router.add("GET", "/dead-letters", Role.VIEWER, this::list)
                .add("POST", "/dead-letters/replay", Role.OPERATOR, this::replayAll)
                .add("GET", "/dead-letters/{id}", Role.VIEWER, call -> ok(find(inbox(), call.param("id"))))
                .add("POST", "/dead-letters/{id}/replay", Role.OPERATOR, call -> ok(inbox().replay(call.param("id"))))
                .add("POST", "/dead-letters/{id}/discard", Role.OPERATOR, call -> ok(inbox().discard(call.param("id"))));
    }

    private ApiReply list(Call call) {
        String status = status(call.request().query().get("status"));
        int limit = limit(call.request().query().get("limit"), DEFAULT_LIMIT, ExceptionsInbox.MAX_LIST);
        return ok(inbox().list(status, limit));
    }

    private ApiReply replayAll(Call call) {
        String route = call.request().query().get("route");
        if (route == null || route.isBlank()) {
            throw new ApiError(400, "route is required: the id of the route whose OPEN letters to replay", "route");
        }
        return ok(Map.of("route", route, "replayed", inbox().replayAll(route)));
    }

    static String status(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String status = text.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new ApiError(400, "status '" + text + "' is not one of " + STATUSES, "status");
        }
        return status;
    }

    /**
     * Reads a {@code limit} query parameter.
     *
     * @param text the parameter, may be {@code null}
     * @param fallback the limit when it is absent
     * @param max the largest limit allowed
     * @return the limit
     * @throws ApiError 400 when it is not a number from 1 to {@code max}
     */
    static int limit(String text, int fallback, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "limit '" + text + "' must be a number from 1 to " + max, "limit");
    }

    private ExceptionsInbox inbox() {
        ExceptionsInbox service = inbox.get();
        if (service == null) {
            throw new ApiError(503, "the exceptions inbox is not available (bundle dev.steward.fabric is not running)");
        }
        return service;
    }

    private static DeadLetterView find(ExceptionsInbox service, String id) {
        return service.find(id).orElseThrow(() -> new ApiError(404, "no dead letter with id '" + id + "'"));
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

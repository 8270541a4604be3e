package dev.steward.rest.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.Turn;
import dev.steward.rest.internal.Router.Call;

/**
 * The session history endpoints: appending a turn (operator), reading a session (viewer), and the upkeep and
 * erasing a session (admin, as the authenticated user). Each call is one call of {@link SessionHistory}; input it
 * refuses is the request's fault (400), an unknown session in the path is 404.
 */
final class SessionResource {

    static final int DEFAULT_RECENT = 20;
    static final int MAX_RECENT = 1_000;
    private static final Set<String> TURN_FIELDS = Set.of("speaker", "text", "occurredAt", "metadata", "source");

    private final Json json;
    private final Supplier<SessionHistory> sessions;
    private final Clock clock;

    SessionResource(Json json, Supplier<SessionHistory> sessions, Clock clock) {
        this.json = json;
        this.sessions = sessions;
        this.clock = clock;
    }

    void addTo(Router router) {
        router.add("POST", "/memory/sessions/upkeep", Role.ADMIN, call -> ok(sessions().upkeep(call.caller().name())))
                .add("POST", "/memory/sessions/{id}/turns", Role.OPERATOR, this::append)
                .add("GET", "/memory/sessions/{id}", Role.VIEWER, this::session)
                .add("DELETE", "/memory/sessions/{id}", Role.ADMIN, this::forget);
    }

    private ApiReply append(Call call) {
        JsonNode body = json.readObject(call.request().body(), "the turn");
        RequestFields fields = new RequestFields(body, TURN_FIELDS);
        String text = fields.requiredText("text", "what was said");
        if (text.length() > SessionHistory.MAX_TURN_TEXT) {
            throw new ApiError(400, "text is " + text.length() + " characters; the limit is "
                    + SessionHistory.MAX_TURN_TEXT, "text");
        }
        String speaker = fields.text("speaker", call.caller().name());
        if (speaker.isBlank()) {
            throw new ApiError(400, "speaker must not be blank: who said it (default: you)", "speaker");
        }
        Turn turn = MemoryResource.refused(() -> sessions().append(call.param("id"), speaker, text,
                fields.instant("occurredAt", clock.instant()), EpisodeBody.metadata(fields.node("metadata")),
                fields.provenance("source", call.caller())));
        return ApiReply.json(201, json.write(turn));
    }

    private ApiReply session(Call call) {
        String id = call.param("id");
        int recent = recent(call.request().query().get("recent"));
        return ok(MemoryResource.refused(() -> sessions().session(id, recent))
                .orElseThrow(() -> new ApiError(404, "no session '" + id + "'")));
    }

    private ApiReply forget(Call call) {
        String id = call.param("id");
        int erased = sessions().forgetSession(id, call.caller().name());
        return ok(Map.of("sessionId", id, "erased", erased));
    }

    private static int recent(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_RECENT;
        }
        try {
            int recent = Integer.parseInt(text);
            if (recent >= 1 && recent <= MAX_RECENT) {
                return recent;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "recent '" + text + "' must be a number from 1 to " + MAX_RECENT, "recent");
    }

    private SessionHistory sessions() {
        SessionHistory service = sessions.get();
        if (service == null) {
            throw new ApiError(503, "the session history is not available (bundle dev.steward.memory is not running)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

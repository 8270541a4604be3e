package dev.steward.rest.internal;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;
import dev.steward.rest.internal.Router.Call;

/**
 * The outbox endpoints: list and inspect outbound effects, send a FAILED, DENIED or HELD one again (with the same
 * key), cancel one that is not delivered. Each call is one call of {@link Outbox}.
 */
final class OutboxResource {

    static final List<String> STATUSES = List.of("PENDING", "DELIVERING", "DELIVERED", "HELD", "DENIED", "FAILED",
            "CANCELLED", "COMPENSATING", "UNDOING", "COMPENSATED", "IRREVERSIBLE", "COMPENSATION_FAILED");
    static final int DEFAULT_LIMIT = 100;

    private final Json json;
    private final Supplier<Outbox> outbox;

    OutboxResource(Json json, Supplier<Outbox> outbox) {
        this.json = json;
        this.outbox = outbox;
    }

    void addTo(Router router) {
        router.add("GET", "/outbox", Role.VIEWER, this::list)
                .add("GET", "/outbox/{key}", Role.VIEWER, call -> ok(outbox().find(call.param("key"))
                        .orElseThrow(() -> new ApiError(404, "no outbound effect '" + call.param("key") + "'"))))
                .add("POST", "/outbox/{key}/retry", Role.OPERATOR,
                        call -> ok(known(call.param("key"), () -> outbox().retry(call.param("key"), call.caller().name()))))
                .add("POST", "/outbox/{key}/cancel", Role.OPERATOR,
                        call -> ok(known(call.param("key"), () -> outbox().cancel(call.param("key"), call.caller().name()))));
    }

    private ApiReply list(Call call) {
        String text = call.request().query().get("status");
        String status = null;
        if (text != null && !text.isEmpty()) {
            status = text.toUpperCase(Locale.ROOT);
            if (!STATUSES.contains(status)) {
                throw new ApiError(400, "status '" + text + "' is not one of " + STATUSES, "status");
            }
        }
        int limit = DeadLetterResource.limit(call.request().query().get("limit"), DEFAULT_LIMIT, Outbox.MAX_LIST);
        return ok(outbox().list(status, limit));
    }

    private static OutboxEntry known(String key, Supplier<OutboxEntry> change) {
        try {
            return change.get();
        } catch (NoSuchElementException e) {
            throw new ApiError(404, e.getMessage());
        }
    }

    private Outbox outbox() {
        Outbox service = outbox.get();
        if (service == null) {
            throw new ApiError(503, "the outbox is not available (bundle dev.steward.fabric is not running)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

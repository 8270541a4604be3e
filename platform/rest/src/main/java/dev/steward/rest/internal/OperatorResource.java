package dev.steward.rest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

import dev.steward.api.governance.OperatorMetrics;
import dev.steward.rest.internal.Router.Call;

/**
 * {@code GET /metrics/operator?from=&to=}: the operator's metrics of a window (ISO-8601 instants; by default the
 * 7 days up to now), one call of {@link OperatorMetrics}.
 */
final class OperatorResource {

    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);

    private final Json json;
    private final Supplier<OperatorMetrics> metrics;
    private final Clock clock;

    OperatorResource(Json json, Supplier<OperatorMetrics> metrics, Clock clock) {
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
    }

    void addTo(Router router) {
        router.add("GET", "/metrics/operator", Role.VIEWER, this::report);
    }

    private ApiReply report(Call call) {
        Instant to = instant(call.request().query().get("to"), "to", clock.instant());
        Instant from = instant(call.request().query().get("from"), "from", to.minus(DEFAULT_WINDOW));
        if (from.isAfter(to)) {
            throw new ApiError(400, "from " + from + " is after to " + to, "from");
        }
        OperatorMetrics service = metrics.get();
        if (service == null) {
            throw new ApiError(503, "the operator's metrics are not available (bundle dev.steward.governance is not running)");
        }
        return ApiReply.json(200, json.write(service.report(from, to)));
    }

    private static Instant instant(String text, String field, Instant fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, field + " '" + text + "' is not an ISO-8601 instant such as 2026-03-02T00:00:00Z",
                    field);
        }
    }
}

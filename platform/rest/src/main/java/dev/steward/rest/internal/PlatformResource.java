package dev.steward.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;
import dev.steward.api.status.MetricsService;
import dev.steward.api.status.PlatformStatus;
import dev.steward.api.status.StatusService;

/** The platform endpoints: {@code /health} (public), {@code /status} and {@code /metrics}. */
final class PlatformResource {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Json json;
    private final StatusService status;
    private final Supplier<MetricsService> metrics;

    PlatformResource(Json json, StatusService status, Supplier<MetricsService> metrics) {
        this.json = json;
        this.status = status;
        this.metrics = metrics;
    }

    void addTo(Router router) {
        router.add("GET", "/health", Role.PUBLIC, call -> health())
                .add("GET", "/status", Role.VIEWER, call -> ApiReply.json(200, json.write(status.status())))
                .add("GET", "/metrics", Role.VIEWER, call -> metrics());
    }

    /** Overall state and each component's state, without messages or details: anyone may ask. */
    private ApiReply health() {
        PlatformStatus now = status.status();
        HealthState overall = overall(now);
        Map<String, Object> components = new LinkedHashMap<>();
        for (Health health : now.components()) {
            components.put(health.component(), health.state());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall);
        body.put("components", components);
        // DEGRADED still serves (a rejected flow file, say): 200, so that a health check does not take it out
        return ApiReply.json(overall == HealthState.DOWN ? 503 : 200, json.write(body));
    }

    /**
     * UP when the platform is ready; DOWN when a component is down or a bundle is not active; DEGRADED otherwise.
     *
     * @param status the platform status
     * @return the overall state
     */
    static HealthState overall(PlatformStatus status) {
        if (status.ready()) {
            return HealthState.UP;
        }
        return status.serving() ? HealthState.DEGRADED : HealthState.DOWN;
    }

    private ApiReply metrics() {
        MetricsService service = metrics.get();
        if (service == null) {
            throw new ApiError(503, "metrics are not available (bundle dev.steward.metrics is not running)");
        }
        return new ApiReply(200, PROMETHEUS_TEXT, service.scrape(), Map.of());
    }
}

package dev.steward.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;
import dev.steward.rest.internal.Router.Call;

/**
 * The agent registry's endpoints: for viewers, every agent with its descriptor, state and counters, the parked steps
 * by capability, and one agent's versions with their last decisions; for operators, the migration of pinned steps.
 */
final class AgentResource {

    private final Json json;
    private final Supplier<AgentRegistry> registry;

    AgentResource(Json json, Supplier<AgentRegistry> registry) {
        this.json = json;
        this.registry = registry;
    }

    void addTo(Router router) {
        router.add("GET", "/agents", Role.VIEWER, this::agents)
                .add("GET", "/agents/{id}", Role.VIEWER, this::agent)
                .add("POST", "/agents/{id}/migrate", Role.OPERATOR, this::migrate);
    }

    private ApiReply agents(Call call) {
        AgentRegistry service = registry();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("agents", service.agents().stream().map(s -> view(s, false)).toList());
        reply.put("parkedSteps", service.parkedSteps());
        return ok(reply);
    }

    /** Re-pins an agent's unfinished steps; the optional body {@code {"from": "1.0.0", "to": "2.0.0"}} names versions. */
    private ApiReply migrate(Call call) {
        byte[] body = call.request().body();
        Map<String, Object> fields = new String(body, StandardCharsets.UTF_8).isBlank() ? Map.of()
                : json.toMap(json.readObject(body, "the migration"));
        String from = version(fields, "from");
        String to = version(fields, "to");
        List<String> moved = registry().migrate(call.param("id"), from, to, call.caller().name());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("agentId", call.param("id"));
        reply.put("from", from);
        reply.put("to", to);
        reply.put("migrated", moved);
        return ok(reply);
    }

    private static String version(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw new ApiError(400, name + " must be a version as text, such as \"1.0.0\"", name);
        }
        return (String) value;
    }

    private ApiReply agent(Call call) {
        String id = call.param("id");
        List<AgentStatus> versions = registry().agent(id);
        if (versions.isEmpty()) {
            throw new ApiError(404, "There is no agent '" + id + "' registered now");
        }
        return ok(Map.of("id", id, "versions", versions.stream().map(s -> view(s, true)).toList()));
    }

    /** An agent as JSON: durations in milliseconds, amounts as decimal strings. */
    static Map<String, Object> view(AgentStatus s, boolean withDecisions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.descriptor().id());
        m.put("version", s.descriptor().version());
        m.put("capabilities", s.descriptor().capabilities());
        m.put("costClass", s.descriptor().costClass().name());
        m.put("reversible", s.descriptor().reversible());
        m.put("state", s.state().name());
        if (s.problem() != null) {
            m.put("problem", s.problem());
        }
        m.put("calls", s.calls());
        m.put("failures", s.failures());
        m.put("meanLatencyMs", s.meanLatency().toMillis());
        m.put("costUsd", s.costUsd().toPlainString());
        if (withDecisions) {
            m.put("inputSchema", s.descriptor().inputSchema());
            m.put("outputSchema", s.descriptor().outputSchema());
            m.put("recent", s.recent().stream().map(AgentResource::decision).toList());
        }
        return m;
    }

    private static Map<String, Object> decision(AgentDecision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flowId", d.flowInstanceId());
        m.put("stepId", d.stepId());
        m.put("capability", d.capability());
        m.put("succeeded", d.succeeded());
        m.put("rationale", d.rationale());
        m.put("confidence", d.confidence());
        m.put("costUsd", d.costUsd().toPlainString());
        m.put("latencyMs", d.latency().toMillis());
        m.put("at", d.at().toString());
        return m;
    }

    private AgentRegistry registry() {
        AgentRegistry service = registry.get();
        if (service == null) {
            throw new ApiError(503, "the agent registry is not available (bundle dev.steward.kernel is not running)");
        }
        return service;
    }

    private ApiReply ok(Object value) {
        return ApiReply.json(200, json.write(value));
    }
}

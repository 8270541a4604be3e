package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.agent.AgentStatus;

/** The agent endpoints with a registry of two: the list, one agent's versions and decisions, 404, 503, and roles. */
class AgentResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final AgentDescriptor WRITER = new AgentDescriptor("writer", "1.0.0", List.of("draft.write"), "{}", "{}",
            AgentDescriptor.CostClass.LOW, true);
    private static final AgentDescriptor BROKEN = new AgentDescriptor("broken", "0.1", List.of("x.y"), "{nope", "{}",
            AgentDescriptor.CostClass.HIGH, false);

    private final ObjectMapper mapper = new ObjectMapper();
    private AgentRegistry registry = new AgentRegistry() {
        @Override
        public List<AgentStatus> agents() {
            return List.of(writer(), new AgentStatus(BROKEN, AgentStatus.State.REJECTED, "input schema is not a JSON object",
                    0, 0, Duration.ZERO, BigDecimal.ZERO, null));
        }

        @Override
        public List<AgentStatus> agent(String id) {
            return id.equals("writer") ? List.of(writer()) : List.of();
        }

        @Override
        public Optional<String> check(AgentDescriptor descriptor) {
            return Optional.empty();
        }

        @Override
        public Map<String, Integer> parkedSteps() {
            return Map.of("draft.write", 2);
        }

        @Override
        public List<String> migrate(String agentId, String fromVersion, String toVersion, String actor) {
            if ("9.9.9".equals(toVersion)) {
                throw new IllegalArgumentException("agent writer@9.9.9 is not registered now");
            }
            migrations.add(agentId + " " + fromVersion + " " + toVersion + " " + actor);
            return List.of("f-1/draft");
        }
    };
    private final List<String> migrations = new java.util.ArrayList<>();

    private static AgentStatus writer() {
        return new AgentStatus(WRITER, AgentStatus.State.ACTIVE, null, 3, 1, Duration.ofMillis(42), new BigDecimal("0.0300"),
                List.of(new AgentDecision("f-1", "draft", "draft.write", true, "drafted from template x", 1.0,
                        new BigDecimal("0.01"), Duration.ofMillis(40), Instant.parse("2026-11-30T09:00:00Z"))));
    }

    private ApiReply get(String path, String authorization) {
        return call("GET", path, authorization, "");
    }

    private ApiReply call(String method, String path, String authorization, String body) {
        Json json = new Json();
        Router router = new Router();
        new AgentResource(json, () -> registry).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            if (user.equals("otto") && password.equals("o-pass")) {
                return new Caller("otto", Set.of("operator"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest(method, path, Map.of(), authorization, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aViewerListsTheAgentsWithStateAndCounters() throws Exception {
        ApiReply reply = get("/agents", VIEWER);
        assertEquals(200, reply.status(), reply.body());
        JsonNode agents = mapper.readTree(reply.body()).get("agents");
        assertEquals(2, agents.size());
        JsonNode w = agents.get(0);
        assertEquals("writer", w.get("id").asText());
        assertEquals("ACTIVE", w.get("state").asText());
        assertEquals(3, w.get("calls").asInt());
        assertEquals(1, w.get("failures").asInt());
        assertEquals(42, w.get("meanLatencyMs").asInt());
        assertEquals("0.0300", w.get("costUsd").asText());
        assertEquals("draft.write", w.get("capabilities").get(0).asText());
        assertEquals("REJECTED", agents.get(1).get("state").asText());
        assertEquals("input schema is not a JSON object", agents.get(1).get("problem").asText());
    }

    @Test
    void oneAgentShowsItsVersionsAndLastDecisions() throws Exception {
        ApiReply reply = get("/agents/writer", VIEWER);
        assertEquals(200, reply.status(), reply.body());
        JsonNode decision = mapper.readTree(reply.body()).get("versions").get(0).get("recent").get(0);
        assertEquals("f-1", decision.get("flowId").asText());
        assertEquals("drafted from template x", decision.get("rationale").asText());
        assertEquals(40, decision.get("latencyMs").asInt());
        assertEquals("2026-11-30T09:00:00Z", decision.get("at").asText());

        assertEquals(404, get("/agents/nobody", VIEWER).status());
        assertEquals(401, get("/agents", null).status());
        registry = null;
        assertEquals(503, get("/agents", VIEWER).status());
    }

    @Test
    void anOperatorMigratesAnAgentsStepsAndAViewerMayNot() throws Exception {
        String operator = "Basic " + java.util.Base64.getEncoder().encodeToString("otto:o-pass".getBytes(StandardCharsets.UTF_8));
        ApiReply reply = call("POST", "/agents/writer/migrate", operator, "{\"from\": \"1.0.0\", \"to\": \"2.0.0\"}");
        assertEquals(200, reply.status(), reply.body());
        JsonNode body = mapper.readTree(reply.body());
        assertEquals("f-1/draft", body.get("migrated").get(0).asText());
        assertEquals(List.of("writer 1.0.0 2.0.0 otto"), migrations, "the caller is the actor");

        assertEquals(200, call("POST", "/agents/writer/migrate", operator, "").status(), "no body: every version, to the newest");
        assertEquals("writer null null otto", migrations.get(1));
        assertEquals(404, call("POST", "/agents/writer/migrate", operator, "{\"to\": \"9.9.9\"}").status(), "no such version");
        assertEquals(400, call("POST", "/agents/writer/migrate", operator, "{\"to\": 2}").status());
        assertEquals(403, call("POST", "/agents/writer/migrate", VIEWER, "").status());
        assertEquals(2, migrations.size());
        assertEquals(2, mapper.readTree(get("/agents", VIEWER).body()).get("parkedSteps").get("draft.write").asInt());
    }
}

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
    };

    private static AgentStatus writer() {
        return new AgentStatus(WRITER, AgentStatus.State.ACTIVE, null, 3, 1, Duration.ofMillis(42), new BigDecimal("0.0300"),
                List.of(new AgentDecision("f-1", "draft", "draft.write", true, "drafted from template x", 1.0,
                        new BigDecimal("0.01"), Duration.ofMillis(40), Instant.parse("2026-11-30T09:00:00Z"))));
    }

    private ApiReply get(String path, String authorization) {
        Json json = new Json();
        Router router = new Router();
        new AgentResource(json, () -> registry).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest("GET", path, Map.of(), authorization, "".getBytes(StandardCharsets.UTF_8)));
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
}

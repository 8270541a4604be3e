package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.plan.Choreographer;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;

/**
 * The plan endpoints with a scripted choreographer: propose (and run), list, read, run; bad bodies answered 400
 * naming the field; a rejected plan asked to run answers 422 with its problems; roles; 503 without the service.
 */
class PlanResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final String OPERATOR = RestApiTest.basic("otto", "o-pass");
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Plan> plans = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private Choreographer choreographer = new Choreographer() {
        @Override
        public Plan propose(Goal goal, String actor) {
            calls.add("propose " + goal.text() + " " + goal.context() + " by " + actor);
            boolean bad = goal.text().contains("impossible");
            Plan plan = new Plan("p-" + (plans.size() + 1), goal,
                    List.of(new PlanStep("count", "text.count", null, Map.of("text", "input.goal"), List.of("words"))),
                    "count it", Plan.Origin.MODEL, "model m, 0 repair round(s)",
                    bad ? Plan.Status.REJECTED : Plan.Status.VALID,
                    bad ? List.of(new PlanProblem("count", "capability", "unknown capability 'x'")) : null, null, null, AT);
            plans.put(plan.id(), plan);
            return plan;
        }

        @Override
        public Plan run(String planId, String actor) {
            calls.add("run " + planId + " by " + actor);
            Plan plan = find(planId).orElseThrow(() -> new IllegalArgumentException("no plan '" + planId + "'"));
            if (plan.status() != Plan.Status.VALID) {
                throw new IllegalStateException("plan " + planId + " was rejected");
            }
            Plan started = plan.started("plan-" + planId, "f-1");
            plans.put(planId, started);
            return started;
        }

        @Override
        public Optional<Plan> find(String planId) {
            return Optional.ofNullable(plans.get(planId));
        }

        @Override
        public List<Plan> plans(int limit) {
            calls.add("list " + limit);
            return List.copyOf(plans.values());
        }
    };

    private ApiReply call(String method, String path, String body, String authorization) {
        return call(method, path, Map.of(), body, authorization);
    }

    private ApiReply call(String method, String path, Map<String, String> query, String body, String authorization) {
        Json json = new Json();
        Router router = new Router();
        new PlanResource(json, () -> choreographer, "/steward/api/v1").addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            if (user.equals("otto") && password.equals("o-pass")) {
                return new Caller("otto", Set.of("viewer", "operator"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest(method, path, query, authorization, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anOperatorProposesAPlanAndReadsItBack() throws Exception {
        ApiReply reply = call("POST", "/plans", "{\"goal\": \"count the words\", \"context\": {\"title\": \"Q3\", \"n\": 2}}",
                OPERATOR);
        assertEquals(201, reply.status(), reply.body());
        assertEquals("/steward/api/v1/plans/p-1", reply.headers().get("Location"));
        JsonNode plan = mapper.readTree(reply.body());
        assertEquals("VALID", plan.get("status").asText());
        assertEquals("MODEL", plan.get("origin").asText());
        assertEquals("text.count", plan.get("steps").get(0).get("capability").asText());
        assertEquals("input.goal", plan.get("steps").get(0).get("input").get("text").asText());
        assertEquals("2026-11-30T12:00:00Z", plan.get("createdAt").asText());
        assertEquals("propose count the words {n=2, title=Q3} by otto".length(), calls.get(0).length(), calls.toString());

        JsonNode read = mapper.readTree(call("GET", "/plans/p-1", "", VIEWER).body());
        assertEquals("count the words", read.get("goal").get("text").asText());
        assertEquals("Q3", read.get("goal").get("context").get("title").asText());
        JsonNode list = mapper.readTree(call("GET", "/plans", Map.of("limit", "5"), "", VIEWER).body());
        assertEquals(1, list.get("plans").size());
        assertEquals("list 5", calls.get(calls.size() - 1));
    }

    @Test
    void runStartsAValidPlanAndARejectedOneAnswersWithItsProblems() throws Exception {
        ApiReply started = call("POST", "/plans", "{\"goal\": \"count the words\", \"run\": true}", OPERATOR);
        assertEquals(201, started.status(), started.body());
        JsonNode plan = mapper.readTree(started.body());
        assertEquals("STARTED", plan.get("status").asText());
        assertEquals("f-1", plan.get("flowId").asText());
        assertEquals("run p-1 by otto", calls.get(1));

        ApiReply rejected = call("POST", "/plans", "{\"goal\": \"do the impossible\", \"run\": true}", OPERATOR);
        assertEquals(422, rejected.status(), rejected.body());
        JsonNode problem = mapper.readTree(rejected.body()).get("problems").get(0);
        assertEquals("capability", problem.get("field").asText());
        assertEquals("unknown capability 'x'", problem.get("reason").asText());
        assertEquals(409, call("POST", "/plans/p-2/run", "", OPERATOR).status());
        assertEquals(404, call("POST", "/plans/nope/run", "", OPERATOR).status());
        assertEquals(404, call("GET", "/plans/nope", "", VIEWER).status());
    }

    @Test
    void badBodiesAreRefusedNamingTheField() throws Exception {
        assertField("goal", call("POST", "/plans", "{\"context\": {}}", OPERATOR));
        assertField("goal", call("POST", "/plans", "{\"goal\": 42}", OPERATOR));
        assertField("context", call("POST", "/plans", "{\"goal\": \"x\", \"context\": [1]}", OPERATOR));
        assertField("context.goal", call("POST", "/plans", "{\"goal\": \"x\", \"context\": {\"goal\": \"y\"}}", OPERATOR));
        assertField("context.a", call("POST", "/plans", "{\"goal\": \"x\", \"context\": {\"a\": null}}", OPERATOR));
        assertField("run", call("POST", "/plans", "{\"goal\": \"x\", \"run\": \"yes\"}", OPERATOR));
        assertField("steps", call("POST", "/plans", "{\"goal\": \"x\", \"steps\": []}", OPERATOR));
        assertField("limit", call("GET", "/plans", Map.of("limit", "0"), "", VIEWER));
        assertEquals(400, call("POST", "/plans", "not json", OPERATOR).status());
        assertTrue(calls.isEmpty(), "nothing was proposed: " + calls);
    }

    private void assertField(String field, ApiReply reply) throws Exception {
        assertEquals(400, reply.status(), reply.body());
        assertEquals(field, mapper.readTree(reply.body()).get("field").asText(), reply.body());
    }

    @Test
    void rolesAndAMissingServiceAreAnswered() {
        assertEquals(401, call("GET", "/plans", "", null).status());
        assertEquals(403, call("POST", "/plans", "{\"goal\": \"x\"}", VIEWER).status());
        assertEquals(403, call("POST", "/plans/p-1/run", "", VIEWER).status());
        choreographer = null;
        assertEquals(503, call("GET", "/plans", "", VIEWER).status());
    }
}

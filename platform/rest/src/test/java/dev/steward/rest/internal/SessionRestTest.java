package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.memory.SessionHistory;

/** The session history endpoints: roles, defaults, the JSON of turns and views, every 400, 403 and 404. */
@Timeout(30)
class SessionRestTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final String OPERATOR = RestApiTest.basic("otto", "o-pass");
    private static final String ADMIN = RestApiTest.basic("ada", "a-pass");
    private static final String TURNS = "/memory/sessions/thread-1/turns";

    private final ObjectMapper mapper = new ObjectMapper();
    private final FakeSessions sessions = new FakeSessions();
    private final RestApi api = api();

    private RestApi api() {
        Json json = new Json();
        Router router = new Router();
        new SessionResource(json, () -> sessions, Clock.fixed(FakeSessions.T0, ZoneOffset.UTC)).addTo(router);
        Realm realm = (user, password) -> switch (user + ":" + password) {
            case "vera:v-pass" -> new Caller("vera", Set.of("viewer"));
            case "otto:o-pass" -> new Caller("otto", Set.of("viewer", "operator"));
            case "ada:a-pass" -> new Caller("ada", Set.of("viewer", "operator", "admin"));
            default -> throw new FailedLoginException("refused");
        };
        return new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
    }

    @Test
    void anOperatorAppendsATurnAndGetsItBackWithItsPlace() throws Exception {
        ApiReply reply = call("POST", TURNS, OPERATOR, "{\"speaker\": \"client\", \"text\": \"Where is my parcel?\", "
                + "\"occurredAt\": \"2026-01-02T04:00:00+01:00\", \"metadata\": {\"channel\": \"mail\"}, \"source\": \"connector:mail\"}");
        assertEquals(201, reply.status(), reply.body());
        JsonNode turn = json(reply);
        assertEquals(List.of("t-3", "thread-1", "3", "client", "Where is my parcel?", "2026-01-02T03:00:00Z", "mail",
                "connector", "mail"), List.of(turn.get("id").asText(), turn.get("sessionId").asText(),
                turn.get("seq").asText(), turn.get("speaker").asText(), turn.get("text").asText(),
                turn.get("occurredAt").asText(), turn.get("metadata").get("channel").asText(),
                turn.get("provenance").get("sourceType").asText(), turn.get("provenance").get("sourceId").asText()));

        assertEquals(201, call("POST", TURNS, OPERATOR, "{\"text\": \"It left today.\"}").status());
        assertEquals("append thread-1 otto 2026-01-02T03:04:05Z {} user:otto", sessions.calls.get(1),
                "speaker, time and source default to the caller and now");
        assertEquals(403, call("POST", TURNS, VIEWER, "{\"text\": \"hi\"}").status());
    }

    @Test
    void aViewerReadsTheSummariesAndTheRecentTurns() throws Exception {
        call("POST", TURNS, OPERATOR, "{\"speaker\": \"client\", \"text\": \"one\"}");
        call("POST", TURNS, OPERATOR, "{\"speaker\": \"client\", \"text\": \"two\"}");
        ApiReply reply = call("GET", "/memory/sessions/thread-1?recent=1", VIEWER, "");
        assertEquals(200, reply.status(), reply.body());
        JsonNode view = json(reply);
        assertEquals(4, view.get("turnCount").asInt());
        assertEquals("client: My parcel is late.", view.get("summaries").get(0).get("text").asText());
        assertEquals(List.of(1, 2, "extractive", "2026-01-02T03:04:05Z"), List.of(view.get("summaries").get(0).get("fromSeq").asInt(),
                view.get("summaries").get(0).get("toSeq").asInt(), view.get("summaries").get(0).get("summarizer").asText(),
                view.get("summaries").get(0).get("from").asText()));
        assertEquals(1, view.get("turns").size());
        assertEquals("two", view.get("turns").get(0).get("text").asText());
        assertEquals(200, call("GET", "/memory/sessions/thread-1", VIEWER, "").status());
        assertEquals("session thread-1 20", sessions.calls.get(sessions.calls.size() - 1), "20 recent turns by default");
    }

    @Test
    void badInputIs400NamingTheFieldAndWritesNothing() throws Exception {
        assertError(call("POST", TURNS, OPERATOR, "{\"speaker\": \"client\", \"text\": \"  \"}"), 400, "text");
        assertError(call("POST", TURNS, OPERATOR, "{\"speaker\": \"client\"}"), 400, "text");
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"" + "x".repeat(SessionHistory.MAX_TURN_TEXT + 1) + "\"}"),
                400, "text");
        assertError(call("POST", TURNS, OPERATOR, "{\"speaker\": \" \", \"text\": \"hi\"}"), 400, "speaker");
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"hi\", \"occurredAt\": \"yesterday\"}"), 400, "occurredAt");
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"hi\", \"metadata\": {\"n\": 1}}"), 400, "metadata.n");
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"hi\", \"seq\": 9}"), 400, "seq");
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"hi\", \"source\": \":x\"}"), 400, "source");
        assertError(call("POST", TURNS, OPERATOR, "[1]"), 400, null);
        assertEquals(0, sessions.calls.size(), "the service was not called");
        ApiReply refused = call("POST", TURNS, OPERATOR, "{\"text\": \"hi\", \"metadata\": {\"a b\": \"x\"}}");
        assertError(refused, 400, null);
        assertEquals("Turn metadata key must not contain a space", json(refused).get("error").asText());
        assertError(call("POST", TURNS, OPERATOR, "{\"text\": \"my password is x\"}"), 403, null);
        assertEquals(0, sessions.turns.size());

        for (String recent : new String[] {"0", "-1", "1001", "many"}) {
            assertError(call("GET", "/memory/sessions/thread-1?recent=" + recent, VIEWER, ""), 400, "recent");
        }
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        ApiReply reply = call("GET", "/memory/sessions/nobody", VIEWER, "");
        assertError(reply, 404, null);
        assertEquals("no session 'nobody'", json(reply).get("error").asText());
        assertError(call("DELETE", "/memory/sessions/nobody", ADMIN, ""), 404, null);
    }

    @Test
    void onlyAnAdminForgetsASessionOrRunsTheUpkeepAndIsNamedAsTheActor() throws Exception {
        assertEquals(403, call("DELETE", "/memory/sessions/thread-1", OPERATOR, "").status());
        assertEquals(403, call("POST", "/memory/sessions/upkeep", OPERATOR, "").status());
        assertTrue(sessions.calls.isEmpty());

        ApiReply forgotten = call("DELETE", "/memory/sessions/thread-1", ADMIN, "");
        assertEquals(200, forgotten.status(), forgotten.body());
        assertEquals(Map.of("sessionId", "thread-1", "erased", 1), mapper.readValue(forgotten.body(), Map.class));
        ApiReply run = call("POST", "/memory/sessions/upkeep", ADMIN, "");
        assertEquals(200, run.status(), run.body());
        JsonNode upkeep = json(run);
        assertEquals(List.of("run-1", "ada", 1, 7, 2), List.of(upkeep.get("runId").asText(), upkeep.get("actor").asText(),
                upkeep.get("sessionsSummarized").asInt(), upkeep.get("turnsSummarized").asInt(),
                upkeep.get("turnsExpired").asInt()));
        assertEquals(List.of("forget thread-1 by ada", "upkeep by ada"), sessions.calls);
    }

    @Test
    void withoutTheMemoryBundleTheEndpointsAre503() throws Exception {
        Json json = new Json();
        Router router = new Router();
        new SessionResource(json, () -> null, Clock.systemUTC()).addTo(router);
        Realm realm = (user, password) -> new Caller(user, Set.of("viewer"));
        RestApi down = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        ApiReply reply = down.handle(new ApiRequest("GET", "/memory/sessions/x", Map.of(), VIEWER, new byte[0]));
        assertEquals(503, reply.status(), reply.body());
    }

    private ApiReply call(String method, String pathAndQuery, String authorization, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = ApiRequest.parseQuery(q < 0 ? null : pathAndQuery.substring(q + 1));
        return api.handle(new ApiRequest(method, path, query, authorization, body.getBytes(StandardCharsets.UTF_8)));
    }

    private void assertError(ApiReply reply, int status, String field) throws Exception {
        assertEquals(status, reply.status(), reply.body());
        JsonNode body = json(reply);
        assertTrue(body.get("error").isTextual(), reply.body());
        assertEquals(field, body.has("field") ? body.get("field").asText() : null, reply.body());
    }

    private JsonNode json(ApiReply reply) throws Exception {
        return mapper.readTree(reply.body());
    }
}

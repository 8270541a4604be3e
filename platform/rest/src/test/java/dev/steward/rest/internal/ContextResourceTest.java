package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The context endpoints, with a fake memory: roles, the request read field by field, the bundle as JSON, 400s, 503. */
class ContextResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeMemory memory = new FakeMemory();
    private final RestApi api = api();

    private RestApi api() {
        Json json = new Json();
        Router router = new Router();
        new ContextResource(json, () -> memory).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            throw new FailedLoginException("refused");
        };
        return new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
    }

    private ApiReply call(String method, String path, String authorization, String body) {
        return api.handle(new ApiRequest(method, path, Map.of(), authorization, body.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode json(ApiReply reply) throws Exception {
        return mapper.readTree(reply.body());
    }

    @Test
    void aViewerGetsTheBundleForAFullRequest() throws Exception {
        ApiReply reply = call("POST", "/memory/context", VIEWER, """
                {"task": "Reply to Ann", "sessionId": "s-1", "flowId": "f-1", "maxChars": 10,
                 "types": ["email", "person"], "metadata": {"project": "apollo"}}""");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(List.of("context Reply to Ann session=s-1 flow=f-1 max=10 types=[email, person] "
                + "metadata={project=apollo}"), memory.calls);
        JsonNode bundle = json(reply);
        assertEquals("Reply to Ann", bundle.get("task").asText());
        assertEquals(10, bundle.get("usedChars").asInt());
        assertEquals(10, bundle.get("maxChars").asInt());
        assertEquals(0, bundle.get("omitted").asInt());
        JsonNode item = bundle.get("items").get(0);
        assertEquals("ep-1", item.get("citation").asText());
        assertEquals("KNOWLEDGE", item.get("tier").asText());
        assertEquals("episode", item.get("kind").asText());
        assertEquals("Ann asked ", item.get("text").asText());
        assertTrue(item.get("truncated").asBoolean());
        assertEquals("2026-01-02T03:04:05Z", item.get("at").asText());
    }

    @Test
    void onlyTheTaskIsRequired() throws Exception {
        assertEquals(200, call("POST", "/memory/context", VIEWER, "{\"task\": \"invoice\"}").status());
        assertEquals(List.of("context invoice session=null flow=null max=" + ContextResource.DEFAULT_MAX_CHARS
                + " types=[] metadata={}"), memory.calls);
    }

    @Test
    void badRequestsAre400NamingTheField() throws Exception {
        Map<String, String> fieldOf = Map.ofEntries(
                Map.entry("{}", "task"),
                Map.entry("{\"task\": \"  \"}", "task"),
                Map.entry("{\"task\": 3}", "task"),
                Map.entry("{\"task\": \"x\", \"maxChars\": 0}", "maxChars"),
                Map.entry("{\"task\": \"x\", \"maxChars\": 200001}", "maxChars"),
                Map.entry("{\"task\": \"x\", \"maxChars\": \"100\"}", "maxChars"),
                Map.entry("{\"task\": \"x\", \"maxChars\": 1.5}", "maxChars"),
                Map.entry("{\"task\": \"x\", \"maxChars\": 99999999999}", "maxChars"),
                Map.entry("{\"task\": \"x\", \"types\": \"email\"}", "types"),
                Map.entry("{\"task\": \"x\", \"types\": [1]}", "types"),
                Map.entry("{\"task\": \"x\", \"metadata\": []}", "metadata"),
                Map.entry("{\"task\": \"x\", \"metadata\": {\"n\": 1}}", "metadata.n"),
                Map.entry("{\"task\": \"x\", \"flowId\": \" \"}", "flowId"),
                Map.entry("{\"task\": \"x\", \"sessionId\": 7}", "sessionId"),
                Map.entry("{\"task\": \"x\", \"k\": 7}", "k"));
        for (Map.Entry<String, String> bad : fieldOf.entrySet()) {
            ApiReply reply = call("POST", "/memory/context", VIEWER, bad.getKey());
            assertEquals(400, reply.status(), bad.getKey() + " " + reply.body());
            assertEquals(bad.getValue(), json(reply).get("field").asText(), bad.getKey() + " " + reply.body());
        }
        assertTrue(memory.calls.isEmpty(), "nothing reached the memory");

        ApiReply refused = call("POST", "/memory/context", VIEWER, "{\"task\": \"x\", \"types\": [\"Not A Type\"]}");
        assertEquals(400, refused.status(), "what the memory refuses is the request's fault, not a 404");
        assertTrue(json(refused).get("error").asText().contains("Not A Type"));
        assertEquals(400, call("POST", "/memory/context", VIEWER, "not json").status());
    }

    @Test
    void theWorkingContextOfAFlowInTheOrderItsKeysWereSet() throws Exception {
        memory.working().put("f-1", "draft", "Dear Ann");
        memory.working().put("f-1", "plan", "check, then reply");
        JsonNode body = json(call("GET", "/memory/working/f-1", VIEWER, ""));
        assertEquals("f-1", body.get("flowId").asText());
        assertEquals("{\"draft\":\"Dear Ann\",\"plan\":\"check, then reply\"}", body.get("entries").toString());
        JsonNode unknown = json(call("GET", "/memory/working/nope", VIEWER, ""));
        assertEquals(0, unknown.get("entries").size());
    }

    @Test
    void aLoginIsNeededAndWithoutTheMemoryTheAnswerIs503() throws Exception {
        assertEquals(401, call("POST", "/memory/context", null, "{\"task\": \"x\"}").status());
        assertEquals(401, call("GET", "/memory/working/f-1", null, "").status());
        memory = null;
        ApiReply down = call("POST", "/memory/context", VIEWER, "{\"task\": \"x\"}");
        assertEquals(503, down.status());
        assertTrue(json(down).get("error").asText().contains("memory"));
        assertEquals(503, call("GET", "/memory/working/f-1", VIEWER, "").status());
    }
}

package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.flow.FlowStatus;
import dev.steward.api.status.BundleStatus;
import dev.steward.api.status.Health;
import dev.steward.api.status.MetricsService;
import dev.steward.api.status.PlatformStatus;

class RestApiTest {

    private static final String VIEWER = basic("vera", "v-pass");
    private static final String OPERATOR = basic("otto", "o-pass");
    private static final String ADMIN = basic("ada", "a-pass");

    private final ObjectMapper mapper = new ObjectMapper();
    private final FakeFlows flows = new FakeFlows();
    private FakeInbox inbox = new FakeInbox();
    private FakeKnowledge knowledge = new FakeKnowledge();
    private PlatformStatus status = status(Health.up("store", "connected", Map.of("uri", "bolt://x")));
    private MetricsService metrics = () -> "# TYPE jvm_threads_live_threads gauge\njvm_threads_live_threads 12.0\n";
    private final RestApi api = api();

    private RestApi api() {
        Json json = new Json();
        Router router = new Router();
        new PlatformResource(json, () -> status, () -> metrics).addTo(router);
        new FlowResource(json, () -> flows, ApiServlet.BASE).addTo(router);
        new DeadLetterResource(json, () -> inbox).addTo(router);
        new MemoryResource(json, () -> knowledge, Clock.fixed(FakeKnowledge.T0, ZoneOffset.UTC)).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer", "ssh"));
            }
            if (user.equals("otto") && password.equals("o-pass")) {
                return new Caller("otto", Set.of("viewer", "operator"));
            }
            if (user.equals("ada") && password.equals("a-pass")) {
                return new Caller("ada", Set.of("viewer", "operator", "admin"));
            }
            throw new FailedLoginException("refused");
        };
        return new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
    }

    @Test
    void healthNeedsNoLoginAndIs503OnlyWhenSomethingIsDown() throws Exception {
        ApiReply up = get("/health", null);
        assertEquals(200, up.status());
        assertEquals("{\"status\":\"UP\",\"components\":{\"store\":\"UP\"}}", up.body());

        status = status(Health.down("store", "unreachable", Map.of()));
        ApiReply down = get("/health", null);
        assertEquals(503, down.status());
        assertEquals("DOWN", json(down).get("status").asText());

        status = status(Health.degraded("store", "slow", Map.of()));
        ApiReply degraded = get("/health", null);
        assertEquals(200, degraded.status(), "a degraded platform still serves");
        assertEquals("DEGRADED", json(degraded).get("status").asText());
    }

    @Test
    void missingOrWrongCredentialsAre401WithAChallenge() throws Exception {
        for (String authorization : new String[] {null, basic("vera", "wrong"), basic("nobody", "x"), "Bearer abc",
                "Basic !!!not-base64", basic("", "x")}) {
            ApiReply reply = get("/flows", authorization);
            assertEquals(401, reply.status(), String.valueOf(authorization));
            assertEquals("Basic realm=\"steward\", charset=\"UTF-8\"", reply.headers().get("WWW-Authenticate"));
            assertEquals("authentication required", json(reply).get("error").asText());
        }
    }

    @Test
    void viewerMayReadButNotStartFlows() throws Exception {
        assertEquals(200, get("/flows", VIEWER).status());
        ApiReply refused = post("/flows", VIEWER, "{\"definition\":\"greet\",\"input\":{\"name\":\"Ada\"}}");
        assertEquals(403, refused.status());
        assertEquals("role 'operator' required", json(refused).get("error").asText());
        assertTrue(flows.calls.isEmpty());
    }

    @Test
    void operatorStartsAFlow() throws Exception {
        ApiReply reply = post("/flows", OPERATOR, "{\"definition\":\"greet\",\"input\":{\"name\":\"Ada\",\"n\":2}}");
        assertEquals(201, reply.status());
        assertEquals("/steward/api/v1/flows/f-1", reply.headers().get("Location"));
        assertEquals(ApiReply.JSON, reply.contentType());
        JsonNode flow = json(reply);
        assertEquals("f-1", flow.get("id").asText());
        assertEquals("greet", flow.get("definitionId").asText());
        assertEquals(2, flow.get("definitionVersion").asInt());
        assertEquals("RUNNING", flow.get("status").asText());
        assertEquals("2026-01-02T03:04:05Z", flow.get("startedAt").asText());
        assertEquals("Ada", flow.get("input").get("name").asText());
        assertEquals(List.of("start greet {name=Ada, n=2}"), flows.calls);
    }

    @Test
    void badStartRequestsAre400NamingTheField() throws Exception {
        assertError(post("/flows", OPERATOR, "{\"definition\":"), 400, null);
        assertError(post("/flows", OPERATOR, "{} {}"), 400, null);
        assertError(post("/flows", OPERATOR, ""), 400, null);
        assertError(post("/flows", OPERATOR, "[1]"), 400, null);
        assertError(post("/flows", OPERATOR, "{\"input\":{}}"), 400, "definition");
        assertError(post("/flows", OPERATOR, "{\"definition\":7}"), 400, "definition");
        assertError(post("/flows", OPERATOR, "{\"definition\":\"greet\",\"input\":[1]}"), 400, "input");
        assertError(post("/flows", OPERATOR, "{\"definition\":\"greet\",\"inputs\":{}}"), 400, "inputs");
        ApiReply invalid = post("/flows", OPERATOR, "{\"definition\":\"greet\",\"input\":{}}");
        assertError(invalid, 400, "input.name");
        assertEquals("input field 'name' is required", json(invalid).get("error").asText());
    }

    @Test
    void unknownDefinitionIs404() throws Exception {
        ApiReply reply = post("/flows", OPERATOR, "{\"definition\":\"nope\"}");
        assertError(reply, 404, null);
        assertEquals("no flow definition 'nope'", json(reply).get("error").asText());
    }

    @Test
    void listFiltersByStatusAndDefinition() throws Exception {
        flows.add("a", "greet", FlowStatus.RUNNING);
        flows.add("b", "other", FlowStatus.RUNNING);
        flows.add("c", "greet", FlowStatus.COMPLETED);
        assertEquals(List.of("a", "b", "c"), ids(get("/flows", VIEWER)));
        assertEquals(List.of("a", "b"), ids(get("/flows?status=RUNNING", VIEWER)));
        assertEquals(List.of("a"), ids(get("/flows?status=running&definition=greet", VIEWER)));
        assertEquals(List.of("a", "c"), ids(get("/flows?definition=greet", VIEWER)));
        assertError(get("/flows?status=SLEEPING", VIEWER), 400, "status");
    }

    @Test
    void oneFlowItsStepsAuditAndRollbackPreview() throws Exception {
        flows.add("a", "greet", FlowStatus.COMPLETED);
        assertEquals("a", json(get("/flows/a", VIEWER)).get("id").asText());
        assertError(get("/flows/zz", VIEWER), 404, null);

        JsonNode step = json(get("/flows/a/steps", VIEWER)).get(0);
        assertEquals("hello", step.get("stepId").asText());
        assertEquals("SUCCEEDED", step.get("status").asText());
        assertEquals("2026-01-02T03:04:06.500Z", step.get("finishedAt").asText());
        assertEquals("hi", step.get("output").get("text").asText());
        assertError(get("/flows/zz/steps", VIEWER), 404, null);

        JsonNode event = json(get("/flows/a/audit", VIEWER)).get(0);
        assertEquals("CREATED", event.get("type").asText());
        assertEquals("kernel", event.get("actor").asText());
        assertError(get("/flows/zz/audit", VIEWER), 404, null);

        JsonNode preview = json(get("/flows/a/rollback-preview", VIEWER));
        assertEquals("payment.refund", preview.get("undo").get(0).get("capability").asText());
        assertEquals("mail", preview.get("irreversible").get(0).asText());
        JsonNode effect = preview.get("effects").get(0);
        assertEquals("a:mail#1", effect.get("key").asText());
        assertEquals("IRREVERSIBLE", effect.get("action").asText());
        assertEquals("delivered, and connector mail cannot undo it", effect.get("note").asText());
        assertFalse(preview.get("fullyReversible").asBoolean());
        assertError(get("/flows/zz/rollback-preview", VIEWER), 404, null);
    }

    @Test
    void operationsRunAsTheCallerAndMapTheKernelsExceptions() throws Exception {
        flows.add("a", "greet", FlowStatus.RUNNING);
        assertEquals(200, post("/flows/a/cancel", OPERATOR, "").status());
        assertEquals(200, post("/flows/a/retry", OPERATOR, "").status());
        assertEquals(200, post("/flows/a/rollback", OPERATOR, "").status());
        assertEquals(List.of("cancel a by otto", "retry a by otto", "rollback a by otto"), flows.calls);
        assertError(post("/flows/a/cancel", VIEWER, ""), 403, null);
        assertError(post("/flows/zz/cancel", OPERATOR, ""), 404, null);

        flows.failure = new IllegalStateException("flow a has already ended");
        ApiReply conflict = post("/flows/a/retry", OPERATOR, "");
        assertError(conflict, 409, null);
        assertEquals("flow a has already ended", json(conflict).get("error").asText());
        flows.failure = new UnsupportedOperationException("not implemented yet");
        assertError(post("/flows/a/rollback", OPERATOR, ""), 501, null);
        flows.failure = new NullPointerException("boom");
        ApiReply internal = post("/flows/a/rollback", OPERATOR, "");
        assertError(internal, 500, null);
        assertFalse(internal.body().contains("boom"));
    }

    @Test
    void signalsCarryAnOptionalObjectPayload() throws Exception {
        flows.add("a", "greet", FlowStatus.WAITING);
        ApiReply reply = post("/flows/a/signals/approved", OPERATOR, "{\"by\":\"otto\",\"ok\":true}");
        assertEquals(202, reply.status());
        assertEquals("approved", json(reply).get("signal").asText());
        assertEquals(Map.of("by", "otto", "ok", true), flows.lastPayload);
        assertEquals("signal approved a by otto", flows.calls.get(0));

        assertEquals(202, post("/flows/a/signals/go", OPERATOR, " ").status());
        assertNull(flows.lastPayload);
        assertError(post("/flows/a/signals/go", OPERATOR, "\"yes\""), 400, null);
        assertError(post("/flows/a/signals/go", VIEWER, ""), 403, null);
    }

    @Test
    void onlyAnAuthenticatedOperatorIsAdmittedToTheLargerBulkBody() {
        assertTrue(api.admits(OPERATOR, Role.OPERATOR));
        assertFalse(api.admits(VIEWER, Role.OPERATOR));
        assertFalse(api.admits(basic("otto", "wrong"), Role.OPERATOR));
        assertFalse(api.admits("Bearer x", Role.OPERATOR));
        assertFalse(api.admits(null, Role.OPERATOR));
    }

    @Test
    void heldStepsAreListedAndDecidedByOperators() throws Exception {
        flows.add("a", "greet", FlowStatus.WAITING);
        assertEquals(0, json(get("/approvals", VIEWER)).size());
        assertEquals(202, post("/flows/a/steps/pay/approve", OPERATOR, "{\"input\":{\"to\":\"x\"}}").status());
        assertEquals(202, post("/flows/a/steps/pay/reject", OPERATOR, "{\"reason\":\"no\"}").status());
        assertEquals(202, post("/flows/a/steps/pay/approve", OPERATOR, "").status());
        assertEquals(List.of("approve a pay by otto", "reject a pay by otto", "approve a pay by otto"), flows.calls);
        assertError(post("/flows/a/steps/pay/approve", OPERATOR, "{\"input\":\"x\"}"), 400, "input");
        assertError(post("/flows/a/steps/pay/reject", OPERATOR, "{\"reason\":1}"), 400, "reason");
        assertEquals(202, post("/flows/a/steps/pay/reject", OPERATOR, "{\"reason\":\"wrong client\",\"rollback\":true}").status());
        assertEquals("reject and roll back a pay by otto", flows.calls.get(flows.calls.size() - 1));
        assertError(post("/flows/a/steps/pay/reject", OPERATOR, "{\"rollback\":\"yes\"}"), 400, "rollback");
        assertError(post("/flows/nope/steps/pay/approve", OPERATOR, ""), 404, null);
        assertError(post("/flows/a/steps/pay/approve", VIEWER, ""), 403, null);
    }

    @Test
    void definitionsShowDurationsAsIso() throws Exception {
        JsonNode definition = json(get("/definitions", VIEWER)).get(0);
        assertEquals("greet", definition.get("id").asText());
        assertEquals("name", definition.get("inputs").get(0).get("name").asText());
        JsonNode step = definition.get("steps").get(0);
        assertEquals("PT10S", step.get("timeout").asText());
        assertEquals("PT0.2S", step.get("retry").get("initialBackoff").asText());
    }

    @Test
    void statusIsTheWholePlatformStatusWithReady() throws Exception {
        assertError(get("/status", null), 401, null);
        JsonNode body = json(get("/status", VIEWER));
        assertTrue(body.get("ready").asBoolean());
        assertEquals("9.9.9", body.get("version").asText());
        assertEquals("bolt://x", body.get("components").get(0).get("details").get("uri").asText());
        assertEquals("dev.steward.core", body.get("bundles").get(0).get("symbolicName").asText());
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        ApiReply reply = get("/metrics", VIEWER);
        assertEquals(200, reply.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", reply.contentType());
        assertTrue(reply.body().contains("jvm_threads_live_threads 12.0"));
        assertError(get("/metrics", null), 401, null);
        metrics = null;
        assertError(get("/metrics", VIEWER), 503, null);
    }

    @Test
    void viewerListsAndReadsDeadLetters() throws Exception {
        inbox.add("d-1", "orders", "OPEN");
        inbox.add("d-2", "orders", "REPLAYED");
        assertEquals(List.of("d-1", "d-2"), ids(get("/dead-letters", VIEWER)));
        assertEquals(List.of("d-1"), ids(get("/dead-letters?status=open&limit=5", VIEWER)));
        assertEquals(List.of("list null 100", "list OPEN 5"), inbox.calls);
        JsonNode letter = json(get("/dead-letters/d-1", VIEWER));
        assertEquals("orders", letter.get("route").asText());
        assertEquals("direct:orders", letter.get("endpoint").asText());
        assertEquals("2026-01-02T03:04:05Z", letter.get("failedAt").asText());
        assertEquals("order", letter.get("headers").get("kind").asText());
        assertTrue(letter.get("replayedAt").isNull());
        assertEquals(0, letter.get("failedReplays").asInt());
        assertError(get("/dead-letters/zz", VIEWER), 404, null);
        assertError(get("/dead-letters", null), 401, null);
        assertError(get("/dead-letters?status=LOST", VIEWER), 400, "status");
        for (String limit : new String[] {"0", "1001", "x", "-1"}) {
            assertError(get("/dead-letters?limit=" + limit, VIEWER), 400, "limit");
        }
    }

    @Test
    void operatorReplaysAndDiscardsDeadLetters() throws Exception {
        inbox.add("d-1", "orders", "OPEN");
        inbox.add("d-2", "broken", "OPEN");
        inbox.add("d-3", "orders", "OPEN");
        inbox.add("d-4", "orders", "OPEN");
        assertError(post("/dead-letters/d-1/replay", VIEWER, ""), 403, null);
        assertError(post("/dead-letters/d-1/discard", VIEWER, ""), 403, null);
        assertError(post("/dead-letters/replay?route=orders", VIEWER, ""), 403, null);
        assertTrue(inbox.calls.isEmpty());

        ApiReply replayed = post("/dead-letters/d-1/replay", OPERATOR, "");
        assertEquals(200, replayed.status(), replayed.body());
        assertEquals("REPLAYED", json(replayed).get("status").asText());
        assertError(post("/dead-letters/d-1/replay", OPERATOR, ""), 409, null);
        assertError(post("/dead-letters/zz/replay", OPERATOR, ""), 404, null);

        JsonNode failedAgain = json(post("/dead-letters/d-2/replay", OPERATOR, ""));
        assertEquals("OPEN", failedAgain.get("status").asText());
        assertEquals(1, failedAgain.get("failedReplays").asInt());

        assertEquals("DISCARDED", json(post("/dead-letters/d-3/discard", OPERATOR, "")).get("status").asText());
        assertError(post("/dead-letters/d-3/discard", OPERATOR, ""), 409, null);
        assertError(post("/dead-letters/zz/discard", OPERATOR, ""), 404, null);

        JsonNode all = json(post("/dead-letters/replay?route=orders", OPERATOR, ""));
        assertEquals("orders", all.get("route").asText());
        assertEquals(1, all.get("replayed").asInt(), "only d-4 was still OPEN");
        assertError(post("/dead-letters/replay", OPERATOR, ""), 400, "route");
        ApiReply notALetter = get("/dead-letters/replay", VIEWER);
        assertError(notALetter, 404, null);
    }

    @Test
    void memorySearchIsForViewersAndForgettingForAdmins() throws Exception {
        JsonNode hit = json(get("/memory/search?q=ada&type=person&limit=3", VIEWER)).get(0);
        assertEquals("ENTITY", hit.get("source").asText());
        assertEquals("Ada Lovelace", hit.get("entities").get(0).get("name").asText());
        assertEquals("works_at", hit.get("facts").get(0).get("predicate").asText());
        assertEquals("2026-01-02T03:04:05Z", hit.get("facts").get(0).get("validFrom").asText());
        assertEquals(200, get("/memory/search?q=ada", VIEWER).status());
        assertEquals(List.of("search ada [person] null null 3", "search ada [] null null 10"), knowledge.calls);
        assertError(get("/memory/search", VIEWER), 400, "q");
        assertError(get("/memory/search?q=%20", VIEWER), 400, "q");
        assertError(get("/memory/search?q=ada&limit=101", VIEWER), 400, "limit");
        assertError(get("/memory/search?q=*", VIEWER), 400, null);

        assertError(call("DELETE", "/memory/subjects/e-ada", VIEWER, ""), 403, null);
        ApiReply refused = call("DELETE", "/memory/subjects/e-ada", OPERATOR, "");
        assertError(refused, 403, null);
        assertEquals("role 'admin' required", json(refused).get("error").asText());
        JsonNode forgotten = json(call("DELETE", "/memory/subjects/e-ada", ADMIN, ""));
        assertEquals("e-ada", forgotten.get("entityId").asText());
        assertEquals(3, forgotten.get("erased").asInt());
        assertEquals("forget e-ada by ada", knowledge.calls.get(knowledge.calls.size() - 1));
        assertError(call("DELETE", "/memory/subjects/e-nobody", ADMIN, ""), 404, null);
    }

    @Test
    void anOperatorRecordsAnEpisodeWhoseMetadataComesBackFromSearch() throws Exception {
        String episode = "{\"text\":\"Caroline went to the LGBTQ support group\",\"source\":\"locomo\","
                + "\"occurredAt\":\"2023-05-08T13:56:00+02:00\",\"kind\":\"turn\","
                + "\"metadata\":{\"speaker\":\"Caroline\",\"session\":\"session_1\",\"empty\":\"\"},"
                + "\"mentions\":[\"e-ada\"]}";
        assertError(post("/memory/episodes", VIEWER, episode), 403, null);
        ApiReply created = post("/memory/episodes", OPERATOR, episode);
        assertEquals(201, created.status(), created.body());
        JsonNode stored = json(created);
        assertEquals("ep-1", stored.get("id").asText());
        assertEquals("turn", stored.get("kind").asText());
        assertEquals("2023-05-08T11:56:00Z", stored.get("occurredAt").asText());
        assertEquals(Map.of("speaker", "Caroline", "session", "session_1", "empty", ""),
                mapper.convertValue(stored.get("metadata"), Map.class));
        assertEquals("client", stored.get("provenance").get("sourceType").asText());
        assertEquals("locomo", stored.get("provenance").get("sourceId").asText());

        JsonNode minimal = json(post("/memory/episodes", OPERATOR, "{\"text\":\"a note\"}"));
        assertEquals("note", minimal.get("kind").asText(), "the default kind");
        assertEquals("2026-01-02T03:04:05Z", minimal.get("occurredAt").asText(), "now by default");
        assertEquals("user", minimal.get("provenance").get("sourceType").asText());
        assertEquals("otto", minimal.get("provenance").get("sourceId").asText(), "the caller by default");
        JsonNode typed = json(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"source\":\"connector:mail\"}"));
        assertEquals("connector", typed.get("provenance").get("sourceType").asText());
        assertEquals("mail", typed.get("provenance").get("sourceId").asText());

        JsonNode hits = json(get("/memory/search?q=support&k=5&from=2023-05-08&to=2023-05-09T00:00:00Z", VIEWER));
        assertEquals(1, hits.size(), hits.toString());
        assertEquals("ep-1", hits.get(0).get("id").asText());
        assertEquals("Caroline went to the LGBTQ support group", hits.get(0).get("text").asText());
        assertEquals(Map.of("speaker", "Caroline", "session", "session_1", "empty", ""),
                mapper.convertValue(hits.get(0).get("metadata"), Map.class));
        assertTrue(hits.get(0).get("score").isNumber());
        assertEquals("search support [] 2023-05-08T00:00:00Z 2023-05-09T00:00:00Z 5",
                knowledge.calls.get(knowledge.calls.size() - 1));
        assertEquals(0, json(get("/memory/search?q=support&from=2023-05-09T00:00:00Z&to=2024-01-01", VIEWER)).size());
        get("/memory/search?q=x&type=turn,%20note&limit=7", VIEWER);
        assertEquals("search x [note, turn] null null 7", knowledge.calls.get(knowledge.calls.size() - 1));
        get("/memory/search?q=x&k=2&limit=7", VIEWER);
        assertEquals("search x [] null null 2", knowledge.calls.get(knowledge.calls.size() - 1), "k wins over limit");
    }

    @Test
    void searchKeepsTheEpisodesStoredWithEveryMetaParameter() throws Exception {
        String turn = "{\"text\":\"%s\",\"kind\":\"turn\",\"occurredAt\":\"2023-05-%s\","
                + "\"metadata\":{\"speaker\":\"%s\",\"session\":\"%s\"}}";
        post("/memory/episodes", OPERATOR, turn.formatted("I went to the support group", "08", "Caroline", "session_1"));
        post("/memory/episodes", OPERATOR, turn.formatted("The support group was great", "08", "Melanie", "session_1"));
        post("/memory/episodes", OPERATOR, turn.formatted("Back at the support group", "20", "Caroline", "session_2"));

        JsonNode hits = json(get("/memory/search?q=support&k=5&meta.session=session_1&meta.speaker=Caroline", VIEWER));
        assertEquals(1, hits.size(), hits.toString());
        assertEquals("I went to the support group", hits.get(0).get("text").asText());
        assertEquals(Map.of("speaker", "Caroline", "session", "session_1"),
                mapper.convertValue(hits.get(0).get("metadata"), Map.class));
        assertEquals("search support [] null null 5 {session=session_1, speaker=Caroline}",
                knowledge.calls.get(knowledge.calls.size() - 1));
        assertEquals(2, json(get("/memory/search?q=support&meta.speaker=Caroline", VIEWER)).size(),
                "episodes only: no entity hit with a metadata filter");
        get("/memory/search?q=x&type=turn&from=2023-05-01&meta.session=a%20b%3Dc&meta.empty=", VIEWER);
        assertEquals("search x [turn] 2023-05-01T00:00:00Z null 10 {empty=, session=a b=c}",
                knowledge.calls.get(knowledge.calls.size() - 1), "values decoded, kept exactly, empty included");
        assertError(get("/memory/search?q=x&meta.=s2", VIEWER), 400, "meta.");
        assertError(get("/memory/search?q=x&meta.bad%20key=v", VIEWER), 400, null);
    }

    @Test
    void badEpisodesAre400WithTheReason() throws Exception {
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":"), 400, null);
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"blood test\",\"kind\":\"health\"}"), 403, null);
        assertError(post("/memory/episodes", OPERATOR, "[1]"), 400, null);
        assertError(post("/memory/episodes", OPERATOR, ""), 400, null);
        assertError(post("/memory/episodes", OPERATOR, "{}"), 400, "text");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"  \"}"), 400, "text");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":5}"), 400, "text");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"" + "x".repeat(100_001) + "\"}"), 400, "text");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"occurredAt\":\"yesterday\"}"), 400, "occurredAt");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"occurredAt\":\"2023-05-08T13:56:00\"}"), 400,
                "occurredAt");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"occurredAt\":\"2023-02-30\"}"), 400, "occurredAt");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"metadata\":{\"session\":3}}"), 400,
                "metadata.session");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"metadata\":[]}"), 400, "metadata");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"metadata\":{\"bad key\":\"v\"}}"), 400, null);
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"mentions\":\"e-ada\"}"), 400, "mentions");
        ApiReply unknown = post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"mentions\":[\"e-ada\",\"e-nobody\"]}");
        assertError(unknown, 400, null);
        assertEquals("Unknown mentioned entity ids [e-nobody]", json(unknown).get("error").asText());
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"metdata\":{}}"), 400, "metdata");
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\",\"source\":\":x\"}"), 400, "source");
        assertTrue(knowledge.episodes.isEmpty());

        assertError(get("/memory/search?q=x&from=last%20week", VIEWER), 400, "from");
        assertError(get("/memory/search?q=x&to=2026-13-01", VIEWER), 400, "to");
        assertError(get("/memory/search?q=x&from=2026-02-01&to=2026-01-01", VIEWER), 400, "to");
        assertError(get("/memory/search?q=x&k=0", VIEWER), 400, "k");
        assertError(get("/memory/search?q=x&k=ten", VIEWER), 400, "k");
    }

    @Test
    void anOperatorAssertsAFact() throws Exception {
        String fact = "{\"subjectId\":\"e-ada\",\"predicate\":\"knows\",\"objectId\":\"e-babbage\",\"confidence\":0.8,"
                + "\"validFrom\":\"1833-06-05\",\"validTo\":\"1852-11-27T00:00:00Z\",\"source\":\"book:sketch\"}";
        assertError(post("/memory/facts", VIEWER, fact), 403, null);
        ApiReply created = post("/memory/facts", OPERATOR, fact);
        assertEquals(201, created.status(), created.body());
        JsonNode stored = json(created);
        assertEquals("knows", stored.get("predicate").asText());
        assertEquals("e-babbage", stored.get("objectId").asText());
        assertEquals("1833-06-05T00:00:00Z", stored.get("validFrom").asText());
        assertEquals("1852-11-27T00:00:00Z", stored.get("validTo").asText());
        assertEquals("book", stored.get("provenance").get("sourceType").asText());
        assertEquals("fact e-ada knows e-babbage null false 0.8 1833-06-05T00:00:00Z 1852-11-27T00:00:00Z book:sketch",
                knowledge.calls.get(0));
        json(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"title\",\"value\":\"Countess\","
                + "\"singleValued\":true}"));
        assertEquals("fact e-ada title null Countess true 1.0 2026-01-02T03:04:05Z null user:otto", knowledge.calls.get(1));

        assertError(post("/memory/facts", OPERATOR, "{\"predicate\":\"knows\",\"value\":\"x\"}"), 400, "subjectId");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"value\":\"x\"}"), 400, "predicate");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\"}"), 400, "objectId");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\",\"value\":\"x\","
                + "\"objectId\":\"e-ada\"}"), 400, "objectId");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\",\"value\":\"x\","
                + "\"confidence\":2}"), 400, "confidence");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\",\"value\":\"x\","
                + "\"singleValued\":\"yes\"}"), 400, "singleValued");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\",\"value\":\"x\","
                + "\"validFrom\":\"2026-02-01\",\"validTo\":\"2026-01-01\"}"), 400, "validTo");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"p\",\"value\":\"x\","
                + "\"validFrom\":\"soon\"}"), 400, "validFrom");
        assertError(post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-ada\",\"predicate\":\"has space\",\"value\":\"x\"}"),
                400, null);
        ApiReply unknown = post("/memory/facts", OPERATOR, "{\"subjectId\":\"e-nobody\",\"predicate\":\"p\",\"value\":\"x\"}");
        assertError(unknown, 400, null);
        assertEquals("Unknown entity id e-nobody", json(unknown).get("error").asText());
    }

    @Test
    void anEntityComesWithItsFactsAndLinkedEntities() throws Exception {
        JsonNode view = json(get("/memory/entities/e-ada", VIEWER));
        assertEquals("Ada Lovelace", view.get("entity").get("name").asText());
        assertEquals("works_at", view.get("facts").get(0).get("predicate").asText());
        assertEquals("Charles Babbage", view.get("linked").get(0).get("name").asText());
        assertEquals(0, view.get("incomingFacts").size());
        ApiReply unknown = get("/memory/entities/e-nobody", VIEWER);
        assertError(unknown, 404, null);
        assertEquals("no entity with id 'e-nobody'", json(unknown).get("error").asText());
        assertError(get("/memory/entities/e-ada", null), 401, null);
    }

    @Test
    void anOperatorResolvesAnEntityToGetItsId() throws Exception {
        String mention = "{\"type\":\"person\",\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}";
        assertError(post("/memory/entities", VIEWER, mention), 403, null);
        JsonNode ada = json(post("/memory/entities", OPERATOR, mention));
        assertEquals("e-ada", ada.get("id").asText());
        JsonNode grace = json(post("/memory/entities", OPERATOR, "{\"type\":\"person\",\"name\":\"Grace Hopper\","
                + "\"attributes\":{\"rank\":\"admiral\"},\"source\":\"crm:contacts\"}"));
        assertEquals("Grace Hopper", grace.get("name").asText());
        assertEquals("admiral", grace.get("attributes").get("rank").asText());
        assertEquals("resolve person Grace Hopper null {rank=admiral} crm:contacts", knowledge.calls.get(1));
        assertError(post("/memory/entities", OPERATOR, "{\"name\":\"x\"}"), 400, "type");
        assertError(post("/memory/entities", OPERATOR, "{\"type\":\"person\"}"), 400, "name");
        assertError(post("/memory/entities", OPERATOR, "{\"type\":\"person\",\"name\":\"x\",\"attributes\":{\"n\":1}}"),
                400, "attributes.n");
        assertError(post("/memory/entities", OPERATOR, "{\"type\":\"Person\",\"name\":\"x\"}"), 400, null);
        assertError(post("/memory/entities", OPERATOR, "{\"type\":\"person\",\"name\":\"x\",\"age\":3}"), 400, "age");
    }

    @Test
    void bulkIngestionReportsBadLinesAndKeepsTheOthers() throws Exception {
        String lines = "{\"text\":\"first\",\"metadata\":{\"session\":\"s1\"},\"occurredAt\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"text\":\"\"}\r\n"
                + "\n"
                + "not json\n"
                + "{\"text\":\"third\",\"mentions\":[\"e-ghost\"]}\n"
                + "{\"text\":\"fourth\",\"occurredAt\":\"2026-01-01T25:00:00Z\"}\n"
                + "{\"text\":\"last\",\"kind\":\"turn\"}";
        assertError(post("/memory/episodes/bulk", VIEWER, lines), 403, null);
        ApiReply reply = post("/memory/episodes/bulk", OPERATOR, lines);
        assertEquals(200, reply.status(), reply.body());
        JsonNode report = json(reply);
        assertEquals(2, report.get("accepted").asInt());
        JsonNode rejected = report.get("rejected");
        assertEquals(List.of(2, 4, 5, 6), rejected.findValues("line").stream().map(JsonNode::asInt).toList());
        assertTrue(rejected.get(0).get("reason").asText().startsWith("text is required"), rejected.toString());
        assertTrue(rejected.get(1).get("reason").asText().startsWith("malformed JSON"), rejected.toString());
        assertEquals("Unknown mentioned entity ids [e-ghost]", rejected.get(2).get("reason").asText());
        assertTrue(rejected.get(3).get("reason").asText().startsWith("occurredAt '2026-01-01T25:00:00Z'"), rejected.toString());
        assertEquals(List.of("first", "last"), knowledge.episodes.stream().map(e -> e.text()).toList());
        assertEquals(Map.of("session", "s1"), knowledge.episodes.get(0).metadata());

        assertError(post("/memory/episodes/bulk", OPERATOR, "\n \n"), 400, null);
    }

    @Test
    void inboxAndMemoryAre503WhenTheirBundlesAreAbsent() throws Exception {
        inbox = null;
        knowledge = null;
        assertError(get("/dead-letters", VIEWER), 503, null);
        assertError(get("/dead-letters/d-1", VIEWER), 503, null);
        assertError(post("/dead-letters/d-1/replay", OPERATOR, ""), 503, null);
        assertError(get("/memory/search?q=ada", VIEWER), 503, null);
        assertError(call("DELETE", "/memory/subjects/e-ada", ADMIN, ""), 503, null);
        assertError(post("/memory/episodes", OPERATOR, "{\"text\":\"x\"}"), 503, null);
        assertError(post("/memory/episodes/bulk", OPERATOR, "{\"text\":\"x\"}"), 503, null);
        assertError(get("/memory/entities/e-ada", VIEWER), 503, null);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertError(get("/nothing", VIEWER), 404, null);
        assertError(get("/flows/a/b/c/d", VIEWER), 404, null);
        ApiReply reply = call("DELETE", "/flows", VIEWER, "");
        assertError(reply, 405, null);
        assertEquals("GET, POST", reply.headers().get("Allow"));
    }

    private ApiReply get(String pathAndQuery, String authorization) {
        return call("GET", pathAndQuery, authorization, "");
    }

    private ApiReply post(String path, String authorization, String body) {
        return call("POST", path, authorization, body);
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

    private List<String> ids(ApiReply reply) throws Exception {
        assertEquals(200, reply.status(), reply.body());
        return json(reply).findValues("id").stream().map(JsonNode::asText).toList();
    }

    private JsonNode json(ApiReply reply) throws Exception {
        return mapper.readTree(reply.body());
    }

    private static PlatformStatus status(Health health) {
        return new PlatformStatus("9.9.9", List.of(health), List.of(new BundleStatus(7, "dev.steward.core", "0.1.0", "ACTIVE")));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

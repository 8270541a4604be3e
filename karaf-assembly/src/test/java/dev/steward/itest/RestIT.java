package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.status.StatusService;

/**
 * Boots the built distribution and drives the REST API over HTTP as a client would: authentication against the
 * JAAS realm, roles, the flow endpoints on the sample flow, error answers and the metrics scrape.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestIT {

    private static final String API = "http://127.0.0.1:" + StewardDistribution.HTTP_PORT + "/steward/api/v1";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "a-viewer-passphrase";
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** Lives as long as the container (Pax Exam runs class-level hooks outside it). */
    private static HttpServer sink;
    private static final AtomicInteger sinkCalls = new AtomicInteger();

    @Inject @Filter(timeout = 120_000) BootFinished bootFinished;
    @Inject @Filter(timeout = 60_000) StatusService statusService;
    @Inject @Filter(timeout = 60_000) FeaturesService features;
    @Inject @Filter(timeout = 60_000) SessionFactory sessionFactory;
    @Inject @Filter(timeout = 60_000) ConfigurationAdmin configAdmin;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String operatorPassword;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return StewardDistribution.options();
    }

    @Before
    public void platformReadyWithAViewerAndTheSampleFlow() throws Exception {
        await("ready", 150_000, () -> statusService.status().ready());
        Path passwordFile = Path.of(System.getProperty("karaf.etc"), "operator.password");
        await("operator account created", 30_000, () -> Files.exists(passwordFile));
        operatorPassword = Files.readAllLines(passwordFile).get(0).strip();
        await("REST API up", 60_000, () -> {
            try {
                return get("/health", null).headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            } catch (Exception e) {
                return false;
            }
        });
        synchronized (RestIT.class) {
            if (sink == null) {
                addViewer();
                startSinkAndSampleFlow();
            }
        }
    }

    @Test
    public void healthNeedsNoLogin() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertEquals(health.body(), 200, health.statusCode());
        assertTrue(health.body(), health.body().startsWith("{\"status\":\"UP\",\"components\":{"));
        assertTrue(health.body(), health.body().contains("\"store\":\"UP\""));
        assertEquals("no-store", health.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    public void everythingElseNeedsValidCredentials() throws Exception {
        for (String path : new String[] {"/flows", "/status", "/definitions", "/metrics"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertEquals(path, 401, anonymous.statusCode());
            assertEquals("Basic realm=\"steward\", charset=\"UTF-8\"",
                    anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        }
        HttpResponse<String> wrong = get("/flows", basic("operator", "wrong-" + operatorPassword));
        assertEquals(401, wrong.statusCode());
        assertEquals("{\"error\":\"authentication required\"}", wrong.body());
        assertEquals(401, get("/flows", basic("nobody", "whatever")).statusCode());
    }

    @Test
    public void aViewerReadsButMayNotStartFlows() throws Exception {
        String viewer = basic(VIEWER, VIEWER_PASSWORD);
        assertEquals(200, get("/flows", viewer).statusCode());
        HttpResponse<String> status = get("/status", viewer);
        assertEquals(200, status.statusCode());
        assertTrue(status.body(), status.body().contains("\"ready\":true"));
        assertTrue(status.body(), status.body().contains("\"symbolicName\":\"dev.steward.rest\""));
        HttpResponse<String> refused = post("/flows", viewer, "{\"definition\":\"sample-sink\"}");
        assertEquals(refused.body(), 403, refused.statusCode());
        assertEquals("{\"error\":\"role 'operator' required\"}", refused.body());
    }

    @Test
    public void anOperatorStartsTheSampleFlowAndFollowsIt() throws Exception {
        String operator = operator();
        HttpResponse<String> definitions = get("/definitions", operator);
        assertEquals(200, definitions.statusCode());
        assertTrue(definitions.body(), definitions.body().contains("\"id\":\"sample-sink\""));

        HttpResponse<String> started = post("/flows", operator, "{\"definition\":\"sample-sink\",\"input\":{\"note\":\"via REST\"}}");
        assertEquals(started.body(), 201, started.statusCode());
        String id = id(started.body());
        assertEquals("/steward/api/v1/flows/" + id, started.headers().firstValue("Location").orElse(""));
        assertTrue(started.body(), started.body().contains("\"definitionId\":\"sample-sink\""));
        assertTrue(started.body(), started.body().contains("\"input\":{\"note\":\"via REST\"}"));
        assertTrue(started.body(), started.body().matches(".*\"startedAt\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\".*"));

        HttpResponse<String> flow = get("/flows/" + id, operator);
        assertEquals(200, flow.statusCode());
        assertEquals(id, id(flow.body()));
        await("flow completed", 60_000, () -> body("/flows/" + id, operator).contains("\"status\":\"COMPLETED\""));

        String steps = body("/flows/" + id + "/steps", operator);
        assertEquals(steps, 3, steps.split("\"status\":\"SUCCEEDED\"", -1).length - 1);
        assertTrue(steps, steps.contains("\"stepId\":\"first\""));
        assertEquals(200, get("/flows/" + id + "/audit", operator).statusCode());
        assertEquals(200, get("/flows/" + id + "/rollback-preview", operator).statusCode());
        assertTrue(sinkCalls.get() >= 3);

        String completed = body("/flows?status=COMPLETED&definition=sample-sink", basic(VIEWER, VIEWER_PASSWORD));
        assertTrue(completed, completed.contains("\"id\":\"" + id + "\""));
        assertFalse(completed, completed.contains("\"status\":\"RUNNING\""));

        HttpResponse<String> ended = post("/flows/" + id + "/cancel", operator, "");
        assertEquals(ended.body(), 409, ended.statusCode());
    }

    @Test
    public void theExceptionsInboxAndTheKnowledgeBankCheckRoles() throws Exception {
        String viewer = basic(VIEWER, VIEWER_PASSWORD);
        HttpResponse<String> letters = get("/dead-letters?status=OPEN", viewer);
        assertEquals(letters.body(), 200, letters.statusCode());
        assertTrue(letters.body(), letters.body().startsWith("["));
        HttpResponse<String> replay = post("/dead-letters/no-such-letter/replay", viewer, "");
        assertEquals(replay.body(), 403, replay.statusCode());
        HttpResponse<String> unknown = post("/dead-letters/no-such-letter/replay", operator(), "");
        assertEquals(unknown.body(), 404, unknown.statusCode());

        HttpResponse<String> search = get("/memory/search?q=nobody", viewer);
        assertEquals(search.body(), 200, search.statusCode());
        HttpResponse<String> forget = delete("/memory/subjects/no-such-entity", viewer);
        assertEquals(forget.body(), 403, forget.statusCode());
        assertEquals("{\"error\":\"role 'admin' required\"}", forget.body());
        HttpResponse<String> forgetUnknown = delete("/memory/subjects/no-such-entity", operator());
        assertEquals(forgetUnknown.body(), 404, forgetUnknown.statusCode());
    }

    @Test
    public void episodesKeepTheirMetadataAndSearchFiltersByWhenTheyOccurred() throws Exception {
        String operator = operator();
        String viewer = basic(VIEWER, VIEWER_PASSWORD);
        String word = "zebracorn" + System.nanoTime();
        HttpResponse<String> may = post("/memory/episodes", operator, "{\"text\":\"" + word + " ran the marathon\","
                + "\"source\":\"benchmark:locomo\",\"occurredAt\":\"2023-05-08T13:56:00Z\",\"kind\":\"turn\","
                + "\"metadata\":{\"speaker\":\"Caroline\",\"session\":\"session_1\"}}");
        assertEquals(may.body(), 201, may.statusCode());
        String mayId = id(may.body());
        assertTrue(may.body(), may.body().contains("\"occurredAt\":\"2023-05-08T13:56:00Z\""));
        assertTrue(may.body(), may.body().contains("\"sourceType\":\"benchmark\",\"sourceId\":\"locomo\""));
        HttpResponse<String> june = post("/memory/episodes", operator, "{\"text\":\"" + word + " planned a trip\","
                + "\"occurredAt\":\"2023-06-20T09:00:00+02:00\",\"metadata\":{\"speaker\":\"Melanie\",\"session\":\"session_2\"}}");
        assertEquals(june.body(), 201, june.statusCode());
        String juneId = id(june.body());

        HttpResponse<String> all = get("/memory/search?q=" + word + "&k=5", viewer);
        assertEquals(all.body(), 200, all.statusCode());
        assertTrue(all.body(), all.body().contains("\"id\":\"" + mayId + "\"") && all.body().contains("\"id\":\"" + juneId + "\""));

        HttpResponse<String> inMay = get("/memory/search?q=" + word + "&k=5&from=2023-05-01&to=2023-06-01T00:00:00Z", viewer);
        assertEquals(inMay.body(), 200, inMay.statusCode());
        assertTrue(inMay.body(), inMay.body().contains("\"id\":\"" + mayId + "\""));
        assertFalse(inMay.body(), inMay.body().contains(juneId));
        assertTrue(inMay.body(), inMay.body().contains("\"speaker\":\"Caroline\""));
        assertTrue(inMay.body(), inMay.body().contains("\"session\":\"session_1\""));
        assertTrue(inMay.body(), inMay.body().contains("\"text\":\"" + word + " ran the marathon\""));
        String fromJune = body("/memory/search?q=" + word + "&limit=5&from=2023-06-01", viewer);
        assertTrue(fromJune, fromJune.contains(juneId) && fromJune.contains("\"session\":\"session_2\""));
        assertFalse(fromJune, fromJune.contains(mayId));

        HttpResponse<String> badDate = post("/memory/episodes", operator, "{\"text\":\"x\",\"occurredAt\":\"8 May 2023\"}");
        assertEquals(badDate.body(), 400, badDate.statusCode());
        assertTrue(badDate.body(), badDate.body().endsWith("\"field\":\"occurredAt\"}"));
        HttpResponse<String> badWindow = get("/memory/search?q=" + word + "&from=yesterday", viewer);
        assertEquals(badWindow.body(), 400, badWindow.statusCode());
        assertTrue(badWindow.body(), badWindow.body().endsWith("\"field\":\"from\"}"));
        assertEquals(403, post("/memory/episodes", viewer, "{\"text\":\"x\"}").statusCode());
        assertEquals(404, get("/memory/entities/no-such-entity", viewer).statusCode());

        HttpResponse<String> bulk = post("/memory/episodes/bulk", operator, "{\"text\":\"" + word + " bulk one\","
                + "\"occurredAt\":\"2023-07-01\",\"metadata\":{\"session\":\"session_3\"}}\n{\"text\":\"\"}\n"
                + "{\"text\":\"" + word + " bulk three\",\"mentions\":[\"no-such-entity\"]}\n");
        assertEquals(bulk.body(), 200, bulk.statusCode());
        assertTrue(bulk.body(), bulk.body().startsWith("{\"accepted\":1,\"rejected\":[{\"line\":2,"));
        assertTrue(bulk.body(), bulk.body().contains("{\"line\":3,\"reason\":\"Unknown mentioned entity ids [no-such-entity]\"}"));
        String july = body("/memory/search?q=" + word + "&from=2023-07-01&to=2023-07-02", viewer);
        assertTrue(july, july.contains("bulk one") && july.contains("\"session\":\"session_3\""));
        assertFalse(july, july.contains("bulk three"));
    }

    @Test
    public void theMemoryShellCommandsRememberRecallShowLoadAndForget() throws Exception {
        String word = "quokka" + System.nanoTime();
        String remembered = shell("steward:remember --kind turn --meta 'speaker=Ann' --meta 'session=s7' "
                + "--at 2023-05-08T13:56:00Z --source bench:locomo " + word + " ate lunch");
        assertTrue(remembered, remembered.contains("remembered (turn, 2023-05-08T13:56:00Z"));
        shell("steward:remember --at 2023-09-01 " + word + " went home");
        String may = shell("steward:recall -k 5 --from 2023-05-01 --to 2023-06-01 " + word);
        assertTrue(may, may.contains("ate lunch") && may.contains("speaker=Ann") && may.contains("session=s7"));
        assertFalse(may, may.contains("went home"));

        HttpResponse<String> entity = post("/memory/entities", operator(), "{\"type\":\"person\",\"name\":\"" + word + " Person\"}");
        assertEquals(entity.body(), 200, entity.statusCode());
        String id = id(entity.body());
        HttpResponse<String> fact = post("/memory/facts", operator(),
                "{\"subjectId\":\"" + id + "\",\"predicate\":\"likes\",\"value\":\"lunch\"}");
        assertEquals(fact.body(), 201, fact.statusCode());
        String shown = shell("steward:entity " + id);
        assertTrue(shown, shown.contains(word + " Person (person, " + id + ")") && shown.contains("likes \"lunch\""));
        String view = body("/memory/entities/" + id, basic(VIEWER, VIEWER_PASSWORD));
        assertTrue(view, view.contains("\"predicate\":\"likes\""));

        Path file = Files.createTempFile("episodes", ".jsonl");
        Files.writeString(file, "{\"text\":\"" + word + " file one\",\"metadata\":{\"session\":\"s8\"}}\nnot json\n"
                + "{\"text\":\"" + word + " file three\",\"mentions\":[\"" + id + "\"]}\n");
        String loaded = shell("steward:remember-file --progress 2 " + file);
        assertTrue(loaded, loaded.contains("2 lines read: 1 accepted, 1 rejected"));
        assertTrue(loaded, loaded.contains("Done: 3 lines read, 2 episodes accepted, 1 lines rejected"));
        assertTrue(loaded, loaded.contains("line 2: not JSON"));
        Files.delete(file);

        String forgotten = shell("steward:forget " + id);
        assertTrue(forgotten, forgotten.contains("Subject " + id + " forgotten: 3 node(s) erased"));
        assertEquals(404, get("/memory/entities/" + id, operator()).statusCode());
    }

    @Test
    public void theSessionTierTheContextBundleAndTheAgentRegistryAnswerInTheBootedPlatform() throws Exception {
        String operator = operator();
        String viewer = basic(VIEWER, VIEWER_PASSWORD);
        String word = "okapi" + System.nanoTime();
        String session = "thread-" + System.nanoTime();
        HttpResponse<String> asked = post("/memory/sessions/" + session + "/turns", operator,
                "{\"speaker\":\"client\",\"text\":\"Is the " + word + " order shipped?\",\"occurredAt\":\"2026-11-02T10:00:00Z\"}");
        assertEquals(asked.body(), 201, asked.statusCode());
        HttpResponse<String> answered = post("/memory/sessions/" + session + "/turns", operator,
                "{\"speaker\":\"operator\",\"text\":\"It left this morning.\"}");
        assertEquals(answered.body(), 201, answered.statusCode());
        assertTrue(answered.body(), answered.body().contains("\"seq\":2"));
        String history = body("/memory/sessions/" + session + "?recent=5", viewer);
        assertTrue(history, history.contains(word + " order shipped?") && history.contains("It left this morning."));
        assertEquals(404, get("/memory/sessions/no-such-session", viewer).statusCode());
        assertEquals(403, post("/memory/sessions/" + session + "/turns", viewer, "{\"text\":\"x\"}").statusCode());
        String shown = shell("steward:session " + session);
        assertTrue(shown, shown.contains("It left this morning."));

        HttpResponse<String> episode = post("/memory/episodes", operator, "{\"text\":\"The " + word
                + " order was packed on Monday\",\"metadata\":{\"session\":\"" + session + "\"}}");
        assertEquals(episode.body(), 201, episode.statusCode());
        String episodeId = id(episode.body());
        HttpResponse<String> context = post("/memory/context", viewer, "{\"task\":\"" + word + " order\",\"sessionId\":\""
                + session + "\",\"maxChars\":2000}");
        assertEquals(context.body(), 200, context.statusCode());
        assertTrue(context.body(), context.body().contains("\"citation\":\"" + episodeId + "\""));
        assertTrue(context.body(), context.body().contains("client: Is the " + word + " order shipped?"));
        HttpResponse<String> tooBig = post("/memory/context", viewer, "{\"task\":\"x\",\"maxChars\":0}");
        assertEquals(tooBig.body(), 400, tooBig.statusCode());
        String working = body("/memory/working/no-such-flow", viewer);
        assertTrue(working, working.contains("\"entries\":{}"));

        String agents = body("/agents", viewer);
        assertTrue(agents, agents.startsWith("{\"agents\":[") && agents.contains("\"id\":\"sample-sink\"")
                && agents.contains("\"state\":\"ACTIVE\""));
        assertEquals(404, get("/agents/no-such-agent", viewer).statusCode());
        String list = shell("steward:agent-list");
        assertTrue(list, list.contains("sample-sink") && list.contains("ACTIVE"));
    }

    /**
     * Without a chat backend the choreographer chooses a flow template by the local embedding model: the sample
     * flow for a goal like its description, run as a flow; an unrelated goal rejected with its reason; bad input
     * named; the plans listed in the shell.
     */
    @Test
    public void theChoreographerChoosesTheSampleFlowForALikeGoalAndRunsIt() throws Exception {
        String operator = operator();
        String viewer = basic(VIEWER, VIEWER_PASSWORD);
        HttpResponse<String> started = post("/plans", operator,
                "{\"goal\":\"Post three steps to the sample sink\",\"context\":{\"note\":\"planned\"},\"run\":true}");
        assertEquals(started.body(), 201, started.statusCode());
        assertTrue(started.body(), started.body().contains("\"status\":\"STARTED\"")
                && started.body().contains("\"origin\":\"TEMPLATE\"")
                && started.body().contains("\"flowDefinitionId\":\"sample-sink\""));
        String planId = id(started.body());
        Matcher flow = Pattern.compile("\"flowId\":\"([^\"]+)\"").matcher(started.body());
        assertTrue(started.body(), flow.find());
        await("planned flow completed", 60_000,
                () -> body("/flows/" + flow.group(1), viewer).contains("\"status\":\"COMPLETED\""));
        String read = body("/plans/" + planId, viewer);
        assertTrue(read, read.contains("\"flowId\":\"" + flow.group(1) + "\""));

        HttpResponse<String> unlike = post("/plans", operator, "{\"goal\":\"Water the plants in the greenhouse\"}");
        assertEquals(unlike.body(), 201, unlike.statusCode());
        assertTrue(unlike.body(), unlike.body().contains("\"status\":\"REJECTED\"")
                && unlike.body().contains("no flow template is similar enough to the goal"));

        HttpResponse<String> bad = post("/plans", operator, "{\"goal\":\"\"}");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("\"field\":\"goal\""));
        assertEquals(403, post("/plans", viewer, "{\"goal\":\"x\"}").statusCode());

        String plans = shell("steward:plans");
        assertTrue(plans, plans.contains(planId) && plans.contains("STARTED"));
        String shown = shell("steward:plans " + planId);
        assertTrue(shown, shown.contains("Made by:   TEMPLATE, template sample-sink v1, similarity"));
    }

    @Test
    public void theMemoryShellCommandsFollowTheCommandAcl() throws Exception {
        String recall = shellAs("steward:recall nothing-matches-" + System.nanoTime(), "viewer");
        assertTrue(recall, recall.contains("SOURCE"));
        String[][] refused = {{"steward:remember a note", "viewer"}, {"steward:remember-file /no/such.jsonl", "viewer"},
            {"steward:forget no-such-entity", "operator"}, {"steward:memory-forget no-such-entity", "operator"}};
        for (String[] call : refused) {
            try {
                String out = shellAs(call[0], call[1]);
                throw new AssertionError(call[0] + " ran as " + call[1] + ": " + out);
            } catch (Exception refusal) {
                // the ACL hides a command from a user without its role; the command itself would have refused these
                // ids and paths with another IllegalArgumentException (which CommandNotFoundException extends)
                assertTrue(call[0] + " ran as " + call[1] + ": " + refusal, refusal instanceof SecurityException
                        || refusal.getClass().getSimpleName().equals("CommandNotFoundException"));
            }
        }
    }

    @Test
    public void badRequestsGetErrorsNamingTheField() throws Exception {
        String operator = operator();
        HttpResponse<String> malformed = post("/flows", operator, "{\"definition\":");
        assertEquals(malformed.body(), 400, malformed.statusCode());
        assertTrue(malformed.body(), malformed.body().startsWith("{\"error\":\"malformed JSON"));

        HttpResponse<String> missing = post("/flows", operator, "{\"input\":{}}");
        assertEquals(400, missing.statusCode());
        assertTrue(missing.body(), missing.body().endsWith("\"field\":\"definition\"}"));

        HttpResponse<String> wrongInput = post("/flows", operator, "{\"definition\":\"sample-sink\",\"input\":{\"note\":5}}");
        assertEquals(wrongInput.body(), 400, wrongInput.statusCode());
        assertTrue(wrongInput.body(), wrongInput.body().endsWith("\"field\":\"input.note\"}"));

        HttpResponse<String> unknown = post("/flows", operator, "{\"definition\":\"no-such-flow\"}");
        assertEquals(unknown.body(), 404, unknown.statusCode());

        HttpResponse<String> badStatus = get("/flows?status=SLEEPING", operator);
        assertEquals(400, badStatus.statusCode());
        assertTrue(badStatus.body(), badStatus.body().endsWith("\"field\":\"status\"}"));

        assertEquals(404, get("/flows/no-such-id", operator).statusCode());
        assertEquals(404, get("/no-such-endpoint", operator).statusCode());
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create(API + "/flows"))
                .DELETE().header("Authorization", operator));
        assertEquals(405, wrongMethod.statusCode());
    }

    @Test
    public void metricsArePrometheusTextWithJvmAndKernelMeters() throws Exception {
        String operator = operator();
        HttpResponse<String> started = post("/flows", operator, "{\"definition\":\"sample-sink\"}");
        assertEquals(started.body(), 201, started.statusCode());
        String id = id(started.body());
        await("flow completed", 60_000, () -> body("/flows/" + id, operator).contains("\"status\":\"COMPLETED\""));

        HttpResponse<String> metrics = get("/metrics", basic(VIEWER, VIEWER_PASSWORD));
        assertEquals(200, metrics.statusCode());
        String type = metrics.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", "");
        assertTrue(type, type.startsWith("text/plain;") && type.contains("version=0.0.4"));
        assertTrue(metrics.body(), metrics.body().contains("\njvm_memory_used_bytes{"));
        assertTrue(metrics.body(), metrics.body().contains("\nprocess_uptime_seconds "));
        assertTrue(metrics.body(), metrics.body().contains("steward_steps_started_total{capability=\"sample.sink.post\"}"));
    }

    @Test
    public void httpListensOnLoopbackOnly() throws Exception {
        InetAddress external = nonLoopbackAddress();
        if (external != null) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external, StewardDistribution.HTTP_PORT), 2000);
                throw new AssertionError("HTTP must not listen on " + external);
            } catch (java.io.IOException expected) {
                // refused, as it should be
            }
        }
    }

    /**
     * Adds the viewer through {@code steward:user-add}, which changes users.properties in one atomic rename (Karaf's
     * own {@code jaas:*} commands save it in place, and Karaf's encryption watcher once read it half written and saved
     * it back without the operator's group), then checks both roles at once: no retry.
     */
    private void addViewer() throws Exception {
        String added = shellAs("steward:user-add " + VIEWER + " viewer " + VIEWER_PASSWORD, "admin");
        assertTrue(added, added.contains("Added " + VIEWER));
        assertTrue(shellAs("steward:user-list", "admin").contains(VIEWER + " "));
        assertEquals("the viewer reads flows", 200, send(HttpRequest.newBuilder(URI.create(API + "/flows")).GET()
                .header("Authorization", basic(VIEWER, VIEWER_PASSWORD))).statusCode());
        assertEquals("the operator keeps the admin role", 404, send(HttpRequest.newBuilder(
                URI.create(API + "/memory/subjects/no-such-entity")).DELETE().header("Authorization", operator()))
                .statusCode());
    }

    /** The sample flow's agent posts to an HTTP sink: one on loopback that accepts every step. */
    private void startSinkAndSampleFlow() throws Exception {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        sink.createContext("/sink", exchange -> {
            exchange.getRequestBody().readAllBytes();
            sinkCalls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        sink.start();
        Configuration config = configAdmin.getConfiguration("dev.steward.sample.sink", null);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("url", "http://127.0.0.1:" + sink.getAddress().getPort() + "/sink");
        config.update(properties);
        features.installFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        await("sample flow known", 60_000, () -> body("/definitions", operator()).contains("\"id\":\"sample-sink\""));
    }

    private String operator() {
        return basic("operator", operatorPassword);
    }

    private String body(String path, String authorization) {
        try {
            return get(path, authorization).body();
        } catch (Exception e) {
            return "";
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(API + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> delete(String path, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(API + path)).header("Authorization", authorization).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String id(String json) {
        Matcher m = ID.matcher(json);
        assertTrue(json, m.find());
        return m.group(1);
    }

    /** Runs one shell command in the container as a user with the three Steward roles, and returns its output. */
    private String shell(String command) throws Exception {
        return shellAs(command, "viewer", "operator", "admin");
    }

    /** Runs one shell command in the container as a user with these roles, and returns its output. */
    private String shellAs(String command, String... roles) throws Exception {
        return ShellAs.run(sessionFactory, command, roles);
    }

    private static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    private static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs / 1000 + " s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}

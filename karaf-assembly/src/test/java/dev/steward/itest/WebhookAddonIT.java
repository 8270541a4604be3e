package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.features.FeaturesService;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.sun.net.httpserver.HttpServer;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.connector.EffectRequest;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;

/**
 * The webhook connector add-on in the real distribution: installed live without refreshing the platform, a hook
 * configured by a factory configuration file in etc/ (FileInstall) that starts the sample flow once per signed
 * delivery, a {@code webhook.post} effect delivered through the outbox, and an uninstall that leaves the platform as
 * it was. The methods run in name order and share one container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class WebhookAddonIT extends AddonTestBase {

    private static final String FEATURE = "steward-connector-webhook";
    private static final String HOOK = "itest";
    private static final String ROUTE = "steward-connector-webhook-" + HOOK;
    private static final String POST_ROUTE = "steward-connector-webhook-post";
    private static final String SECRET = "itest-hook-secret-0123456789";

    /** Shared by the ordered methods: one container for the class. */
    private static AddonWatch watch;
    private static HttpServer sink;
    private static final AtomicInteger sinkCalls = new AtomicInteger();
    private static final List<String> hookKeys = new CopyOnWriteArrayList<>();
    private static final List<String> hookBodies = new CopyOnWriteArrayList<>();

    private final SignedHook hooks = new SignedHook(8183, SECRET);

    @Test
    public void a_installedLiveASignedDeliveryStartsTheSampleFlowOnce() throws Exception {
        watch = readyPlatform();

        startSinks();
        Path etc = Path.of(System.getProperty("karaf.etc"));
        AddonWatch.replaceWhole(etc.resolve("dev.steward.sample.sink.cfg"),
                "url = http://127.0.0.1:" + sink.getAddress().getPort() + "/sink\n");
        AddonWatch.replaceWhole(etc.resolve("dev.steward.connector.webhook.post.cfg"),
                "allowed.urls = http://127.0.0.1:" + sink.getAddress().getPort() + "/hook-in/\n");
        Path secrets = Files.createTempDirectory("steward-webhook-itest");
        Path secret = secrets.resolve("hook.secret");
        Files.writeString(secret, SECRET + "\n");
        AddonWatch.replaceWhole(etc.resolve("dev.steward.connector.webhook-" + HOOK + ".cfg"),
                "flow = sample-sink\nauth = hmac\nsecret.ref = file:" + secret + "\n");

        // FileInstall has read the three files before the features come (the webhook feature keeps an existing config)
        AddonWatch.await("FileInstall read the files", 30_000, () -> AddonWatch.configured(configAdmin, "(service.pid=dev.steward.sample.sink)")
                && AddonWatch.configured(configAdmin, "(&(service.pid=dev.steward.connector.webhook.post)(allowed.urls=*))")
                && AddonWatch.configured(configAdmin, "(&(service.factoryPid=dev.steward.connector.webhook)(flow=sample-sink))"));
        features.installFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        addons.install(FEATURE, null, "itest"); // from the shipped catalog: checksums and range checked first
        AddonWatch.await("sample flow known", 60_000, () -> flows.definitions().stream().anyMatch(d -> d.id().equals("sample-sink")));
        AddonWatch.await("hook route started", 60_000, () -> camel.getRoute(ROUTE) != null
                && camel.getRouteController().getRouteStatus(ROUTE).isStarted());
        Bundle connector = AddonWatch.bundle(bundleContext, "dev.steward.connector.webhook");
        assertNotNull("the connector bundle is installed", connector);
        assertEquals("the connector bundle is active", Bundle.ACTIVE, connector.getState());

        String body = "{\"note\":\"from a hook\"}";
        HttpResponse<String> started = deliver(body, "d-1", sign(body));
        assertEquals("a signed delivery is accepted: " + started.body(), 202, started.statusCode());
        Matcher flowId = Pattern.compile("\"flowId\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
        assertTrue("the answer names the flow: " + started.body(), flowId.find());
        String id = flowId.group(1);
        AddonWatch.await("the started flow completes", 120_000, () -> flows.find(id).map(f -> f.status() == FlowStatus.COMPLETED)
                .orElse(false));
        assertEquals("the flow got the delivery's body as input", "from a hook",
                flows.find(id).orElseThrow().input().get("note"));
        assertEquals("the sample flow's three steps reached the sink", 3, sinkCalls.get());

        HttpResponse<String> again = deliver(body, "d-1", sign(body));
        assertEquals("the same delivery again is a duplicate: " + again.body(), 200, again.statusCode());
        assertTrue("the answer says duplicate: " + again.body(), again.body().contains("duplicate"));

        HttpResponse<String> forged = deliver("{\"note\":\"forged\"}", "d-2", sign(body));
        assertEquals("a wrong signature is refused: " + forged.body(), 401, forged.statusCode());

        String malformed = "{\"note\": ";
        HttpResponse<String> broken = deliver(malformed, "d-3", sign(malformed));
        assertEquals("malformed JSON is refused: " + broken.body(), 400, broken.statusCode());
        assertTrue("the reason names malformed JSON: " + broken.body(), broken.body().contains("malformed JSON"));

        Thread.sleep(1000); // a flow wrongly started by the refused deliveries would have shown up by now
        List<FlowInstance> sampleFlows = sampleFlows();
        assertEquals("one flow for the one accepted delivery: " + sampleFlows, 1, sampleFlows.size());
        assertEquals("no further sink calls", 3, sinkCalls.get());
    }

    /**
     * A flow whose step asks for a {@code webhook.post} effect: the outbox hands it to the connector, which POSTs it
     * once to the loopback receiver under one of {@code allowed.urls}, with the effect's key as Idempotency-Key. The
     * agent and its flow are registered by the test (no sample agent asks for {@code webhook.post}).
     */
    @Test
    public void b_aWebhookPostEffectReachesTheReceiverOnceWithItsIdempotencyKey() throws Exception {
        AddonWatch.await("webhook.post route started", 60_000, () -> camel.getRoute(POST_ROUTE) != null
                && camel.getRouteController().getRouteStatus(POST_ROUTE).isStarted());
        String url = "http://127.0.0.1:" + sink.getAddress().getPort() + "/hook-in/itest";
        Agent poster = new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor("itest-poster", "1.0.0", List.of("itest.webhook"), "{}", "{}",
                        AgentDescriptor.CostClass.LOW, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                return new AgentResult(Map.of("requested", 1), "one webhook.post", 1.0, null, List.of(new EffectRequest(
                        "webhook.post", Map.of("url", url, "body", Map.of("flow", request.flowInstanceId())))));
            }
        };
        FlowDefinition definition = new FlowDefinition("itest-webhook-post", 1, "asks for one webhook.post", List.of(
                new StepDefinition("post", "itest.webhook", Map.of(), List.of(), null, null, null)));
        var agentRegistration = bundleContext.registerService(Agent.class, poster, null);
        var definitionRegistration = bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null);
        try {
            AddonWatch.await("flow known", 60_000, () -> flows.definitions().stream().anyMatch(d -> d.id().equals("itest-webhook-post")));
            FlowInstance flow = flows.start("itest-webhook-post", Map.of());
            AddonWatch.await("the flow completes", 120_000, () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.COMPLETED)
                    .orElse(false));
            AddonWatch.await("the receiver got the POST", 60_000, () -> !hookKeys.isEmpty());
            Thread.sleep(1000); // a second delivery of the same effect would have come by now
            assertEquals("the receiver got the effect once: " + hookKeys, 1, hookKeys.size());
            assertNotNull("the POST carries Idempotency-Key", hookKeys.get(0));
            assertTrue("the key is the step's effect key: " + hookKeys.get(0), hookKeys.get(0).endsWith("#1"));
            assertTrue("the body is the effect's body: " + hookBodies.get(0), hookBodies.get(0).contains(flow.id()));
        } finally {
            definitionRegistration.unregister();
            agentRegistration.unregister();
        }
    }

    @Test
    public void c_uninstalledItsRoutesAreGoneAndThePlatformWasNotTouched() throws Exception {
        assertNotNull("the first method started watching the platform", watch);
        try {
            addons.uninstall(FEATURE, "itest");
            features.uninstallFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            AddonWatch.await("hook route removed", 30_000, () -> camel.getRoute(ROUTE) == null && camel.getRoute(POST_ROUTE) == null);
            assertNull("the connector bundle is gone", AddonWatch.bundle(bundleContext, "dev.steward.connector.webhook"));
            String body = "{\"note\":\"after the uninstall\"}";
            AddonWatch.await("port 8183 refuses or answers 404", 30_000, () -> {
                try {
                    return deliver(body, "d-9", sign(body)).statusCode() == 404;
                } catch (ConnectException e) {
                    return true;
                } catch (IOException e) {
                    return e.getCause() instanceof ConnectException;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            if (sink != null) {
                sink.stop(0);
            }
        }
        watch.assertPlatformUntouched(FEATURE);
        assertTrue("the Camel context still runs", camel.getStatus().isStarted());
    }

    /**
     * Installed again in the same running platform: the routes come back and work (the Camel context made new
     * components from the new bundles), a delivery consumed before the uninstall is still a duplicate (the durable
     * repository), and a new one starts its flow.
     */
    @Test
    public void d_reinstalledInTheSamePlatformItWorksAndRemembersWhatItConsumed() throws Exception {
        features.installFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        addons.install(FEATURE, null, "itest");
        AddonWatch.await("hook and post routes started again", 60_000, () -> camel.getRoute(ROUTE) != null
                && camel.getRouteController().getRouteStatus(ROUTE).isStarted() && camel.getRoute(POST_ROUTE) != null
                && camel.getRouteController().getRouteStatus(POST_ROUTE).isStarted());
        String body = "{\"note\":\"from a hook\"}";
        HttpResponse<String> again = deliver(body, "d-1", sign(body));
        assertEquals("consumed before the uninstall, so a duplicate: " + again.body(), 200, again.statusCode());
        String fresh = "{\"note\":\"after the reinstall\"}";
        HttpResponse<String> started = deliver(fresh, "d-10", sign(fresh));
        assertEquals("a new delivery starts its flow: " + started.body(), 202, started.statusCode());
        addons.uninstall(FEATURE, "itest");
        features.uninstallFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        AddonWatch.await("hook route removed again", 30_000, () -> camel.getRoute(ROUTE) == null && camel.getRoute(POST_ROUTE) == null);
    }

    private HttpResponse<String> deliver(String body, String deliveryId, String signature) throws Exception {
        return hooks.send(HOOK, body, deliveryId, signature);
    }

    private String sign(String body) throws Exception {
        return hooks.sign(body);
    }

    /** One loopback server: /sink for the sample flow's steps, /hook-in/ for webhook.post. */
    private static void startSinks() throws IOException {
        sink = startSink(sinkCalls);
        sink.createContext("/hook-in/", exchange -> {
            hookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            hookKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
    }

}

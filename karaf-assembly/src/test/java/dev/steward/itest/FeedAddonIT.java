package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.status.Health;

/**
 * The feed connector add-on in the real distribution: installed live without refreshing the platform, a feed
 * configured by a factory configuration file in etc/ (FileInstall) polling an RSS document served by the test on
 * loopback; each new item starts the sample flow once, a feed that breaks shows in the status, and an uninstall
 * leaves the platform as it was. The methods run in name order and share one container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FeedAddonIT extends AddonTestBase {

    private static final String FEATURE = "steward-connector-feed";
    private static final String FEED = "itest";
    private static final String ROUTE = "steward-connector-feed-" + FEED;
    private static final String HEALTH = "connector feed " + FEED;

    /** Shared by the ordered methods: one container for the class. */
    private static AddonWatch watch;
    private static HttpServer feedServer;
    private static volatile String document;
    private static volatile int status = 200;
    private static final AtomicInteger feedRequests = new AtomicInteger();
    private static HttpServer sink;
    private static final AtomicInteger sinkCalls = new AtomicInteger();

    @Test
    public void a_installedLiveEachNewItemStartsTheSampleFlowOnce() throws Exception {
        watch = readyPlatform();

        startServers();
        document = rss("one", "two");
        Path etc = Path.of(System.getProperty("karaf.etc"));
        AddonWatch.replaceWhole(etc.resolve("dev.steward.sample.sink.cfg"),
                "url = http://127.0.0.1:" + sink.getAddress().getPort() + "/sink\n");
        AddonWatch.await("FileInstall read the sink's file", 30_000, () -> AddonWatch.configured(configAdmin, "(service.pid=dev.steward.sample.sink)"));
        features.installFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        AddonWatch.await("sample flow known", 60_000, () -> flows.definitions().stream().anyMatch(d -> d.id().equals("sample-sink")));
        addons.install(FEATURE, null, "itest"); // from the shipped catalog: checksums and range checked first
        Bundle connector = AddonWatch.bundle(bundleContext, "dev.steward.connector.feed");
        assertNotNull("the connector bundle is installed", connector);
        AddonWatch.await("the connector bundle is active", 60_000, () -> connector.getState() == Bundle.ACTIVE);

        AddonWatch.replaceWhole(etc.resolve("dev.steward.connector.feed-" + FEED + ".cfg"), "url = http://127.0.0.1:"
                + feedServer.getAddress().getPort() + "/feed.xml\nflow = sample-sink\npoll.seconds = 1\nfirst.poll.delay.ms = 0\n");
        AddonWatch.await("feed route started", 60_000, () -> camel.getRoute(ROUTE) != null
                && camel.getRouteController().getRouteStatus(ROUTE).isStarted());
        AddonWatch.await("two sample flows completed", 120_000, () -> completedSampleFlows().size() == 2);
        assertEquals("one flow per item, with the item as input", Set.of("Item one", "Item two"),
                completedSampleFlows().stream().map(f -> String.valueOf(f.input().get("title"))).collect(Collectors.toSet()));

        document = rss("one", "two", "three");
        AddonWatch.await("the new item's flow completed", 120_000, () -> completedSampleFlows().size() == 3);
        awaitFreshPoll();
        assertEquals("exactly one flow per item after more polls", 3, sampleFlows().size());
        assertEquals("the sample flow's three steps ran once per item", 9, sinkCalls.get());
        Health health = health().orElseThrow();
        assertEquals("the feed is healthy: " + health, "UP", health.state().name());
        assertEquals("3", health.details().get("flowsStarted"));
    }

    @Test
    public void b_aBrokenFeedStartsNothingAndShowsInTheStatus() throws Exception {
        status = 500;
        AddonWatch.await("the status shows the failure", 60_000, () -> health().map(h -> h.state().name().equals("DEGRADED")
                && "HTTP 500 from 127.0.0.1".equals(h.details().get("lastError"))).orElse(false));
        status = 200;
        document = rss("one", "two", "three").replace("</channel>", "<item><title>cut off");
        AddonWatch.await("the status shows the malformed document", 60_000, () -> health().map(h -> h.details()
                .getOrDefault("lastError", "").startsWith("not a readable RSS or Atom feed")).orElse(false));
        document = rss("one", "two", "three");
        AddonWatch.await("the feed recovered", 60_000, () -> health().map(h -> h.state().name().equals("UP")).orElse(false));
        assertEquals("no flow from a broken document", 3, sampleFlows().size());
    }

    @Test
    public void c_uninstalledItsRouteIsGoneAndThePlatformWasNotTouched() throws Exception {
        assertNotNull("the first method started watching the platform", watch);
        try {
            addons.uninstall(FEATURE, "itest");
            features.uninstallFeature("steward-sample-sink", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            AddonWatch.await("feed route removed", 30_000, () -> camel.getRoute(ROUTE) == null);
            assertNull("the connector bundle is gone", AddonWatch.bundle(bundleContext, "dev.steward.connector.feed"));
            int polled = feedRequests.get();
            Thread.sleep(2500); // a poll every second would have come by now
            assertEquals("the feed is no longer polled", polled, feedRequests.get());
            assertTrue("no health for the feed any more", health().isEmpty());
        } finally {
            Files.deleteIfExists(Path.of(System.getProperty("karaf.etc")).resolve("dev.steward.connector.feed-" + FEED + ".cfg"));
            feedServer.stop(0);
            sink.stop(0);
        }
        watch.assertPlatformUntouched(FEATURE);
        assertTrue("the Camel context still runs", camel.getStatus().isStarted());
    }

    private List<FlowInstance> completedSampleFlows() {
        return sampleFlows().stream().filter(f -> f.status() == FlowStatus.COMPLETED).collect(Collectors.toList());
    }

    private Optional<Health> health() {
        return statusService.status().component(HEALTH);
    }

    /** Waits until a poll that began after this call has completed (the feed's polls run one after another). */
    private static void awaitFreshPoll() throws InterruptedException {
        int now = feedRequests.get();
        AddonWatch.await("a complete poll", 60_000, () -> feedRequests.get() >= now + 2);
    }

    private static String rss(String... guids) {
        StringBuilder items = new StringBuilder();
        for (String g : guids) {
            items.append("<item><guid>").append(g).append("</guid><title>Item ").append(g).append("</title>")
                    .append("<link>https://example.org/").append(g).append("</link></item>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>itest</title>"
                + "<link>https://example.org/</link><description>itest</description>" + items + "</channel></rss>";
    }

    /** The feed at /feed.xml, and /sink for the sample flow's steps, on loopback. */
    private static void startServers() throws IOException {
        feedServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        feedServer.createContext("/feed.xml", exchange -> {
            feedRequests.incrementAndGet();
            byte[] body = (status == 200 ? document : "trouble").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
        });
        feedServer.start();
        sink = startSink(sinkCalls);
    }

}

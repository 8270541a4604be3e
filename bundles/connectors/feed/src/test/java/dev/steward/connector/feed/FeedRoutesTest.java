package dev.steward.connector.feed;

import static dev.steward.connector.feed.Feeds.atom;
import static dev.steward.connector.feed.Feeds.await;
import static dev.steward.connector.feed.Feeds.rss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * A feed's routes in a real CamelContext polling a JDK HTTP server on loopback whose document changes between
 * polls; the kernel is a fake that starts one flow per key, the dead-letter channel ends in a capturing route.
 */
@Timeout(120)
class FeedRoutesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KeyedFlows flows = new KeyedFlows();
    private final List<Exchange> deadLetters = new CopyOnWriteArrayList<>();
    private IdempotentRepository seen = MemoryIdempotentRepository.memoryIdempotentRepository(1000);
    private Feeds.FeedServer server;
    private DefaultCamelContext camel;
    private FeedRoutes routes;

    @BeforeEach
    void startServer() throws Exception {
        server = new Feeds.FeedServer();
    }

    private void startFeed(int maxBytes, Duration readTimeout) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:steward-dead-letters").routeId("test-dead-letters").process(e -> deadLetters.add(e.copy()));
            }
        });
        routes = new FeedRoutes(Feeds.settings("news", server.url(), maxBytes, readTimeout), flows.service, name -> seen,
                Clock.systemUTC());
        camel.addRoutes(routes);
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        server.close();
    }

    @Test
    void theFirstPollStartsOneFlowPerItemAndALaterPollOnlyTheNewOnes() throws Exception {
        server.document = rss("a", "b", "c");
        startFeed(65_536, Duration.ofSeconds(5));
        await("three flows", WAIT, () -> flows.byKey.size() == 3);
        assertEquals(List.of("feed-news:a", "feed-news:b", "feed-news:c"), flows.startCalls);
        assertEquals(Map.of("id", "a", "title", "Item a", "link", "https://example.org/a",
                "published", "2026-11-30T10:00:00Z", "updated", "", "summary", "About a", "feedTitle", "Test news"),
                flows.byKey.get("feed-news:a").input());

        server.document = rss("a", "b", "c", "d", "e");
        server.awaitFreshPoll();
        server.awaitFreshPoll();
        assertEquals(List.of("feed-news:a", "feed-news:b", "feed-news:c", "feed-news:d", "feed-news:e"), flows.startCalls,
                "exactly the two new items were started, and the known ones not asked for again");
        Health health = routes.health();
        assertEquals(HealthState.UP, health.state(), health.toString());
        assertEquals("5", health.details().get("flowsStarted"));
        assertEquals("5", health.details().get("itemsInDocument"));
        assertFalse(health.toString().contains("not-for-logs"), "the URL's query is not shown: " + health);
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void anAtomFeedWorksAlike() throws Exception {
        server.document = atom("1", "2");
        server.contentType = "application/atom+xml";
        startFeed(65_536, Duration.ofSeconds(5));
        await("two flows", WAIT, () -> flows.byKey.size() == 2);
        assertEquals(Map.of("id", "urn:test:1", "title", "Entry 1", "link", "https://example.org/atom/1",
                "published", "", "updated", "2026-11-30T10:00:00Z", "summary", "Summary 1", "feedTitle", "Test atom"),
                flows.byKey.get("feed-news:urn:test:1").input());
        server.document = atom("1", "2", "3");
        server.awaitFreshPoll();
        assertEquals(List.of("feed-news:urn:test:1", "feed-news:urn:test:2", "feed-news:urn:test:3"), flows.startCalls);
    }

    /** Camel's file repository, which (unlike the memory one) outlives its context; the real store's is in FeedIT. */
    @Test
    void aRestartedRouteStartsNothingForItemsItHasSeen(@TempDir Path dir) throws Exception {
        seen = FileIdempotentRepository.fileIdempotentRepository(dir.resolve("seen.dat").toFile());
        server.document = rss("a", "b");
        startFeed(65_536, Duration.ofSeconds(5));
        await("two flows", WAIT, () -> flows.byKey.size() == 2);
        camel.stop();
        server.document = rss("a", "b", "c");
        startFeed(65_536, Duration.ofSeconds(5));
        await("the new item", WAIT, () -> flows.byKey.size() == 3);
        server.awaitFreshPoll();
        assertEquals(List.of("feed-news:a", "feed-news:b", "feed-news:c"), flows.startCalls);
    }

    @Test
    void aServerErrorAMalformedOrOversizedDocumentStartNothingAndShowInTheHealth() throws Exception {
        server.status = 500;
        startFeed(4096, Duration.ofSeconds(5));
        awaitError("HTTP 500 from 127.0.0.1");
        Health down = routes.health();
        assertEquals(HealthState.DEGRADED, down.state());
        assertTrue(down.message().startsWith("last poll failed at "), down.message());
        assertTrue(down.details().containsKey("lastErrorAt"), down.toString());

        server.status = 200;
        server.document = rss("a", "b").replace("</channel>", "<item><title>broken");
        awaitErrorStarting("not a readable RSS or Atom feed: ");

        server.document = "<html><body>not a feed</body></html>";
        awaitErrorStarting("not a readable RSS or Atom feed: ");

        server.document = rss("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
                "u", "v", "w", "x", "y", "z");
        assertTrue(server.document.length() > 4096);
        awaitError("document of " + server.document.length() + " bytes exceeds max.document.bytes (4096)");
        server.chunked = true;
        awaitError("document of more than 4096 bytes exceeds max.document.bytes (4096)");
        assertTrue(flows.startCalls.isEmpty(), "no flow for a bad document: " + flows.startCalls);

        server.chunked = false;
        server.document = rss("a");
        await("the feed recovered", WAIT, () -> routes.health().state() == HealthState.UP);
        await("the flow", WAIT, () -> flows.byKey.size() == 1);
        assertEquals("", routes.health().details().getOrDefault("lastError", ""));
    }

    @Test
    void aServerTooSlowTimesOutAndStartsNothing() throws Exception {
        server.document = rss("a");
        server.delayMs = 3_000;
        startFeed(65_536, Duration.ofMillis(300));
        awaitError("no answer from 127.0.0.1 within 300 ms");
        assertTrue(flows.startCalls.isEmpty());
    }

    @Test
    void anItemWhoseStartKeepsFailingIsHeldInTheInboxWhileTheOthersStartAndItStartsWhenReplayed() throws Exception {
        flows.failing.add("feed-news:b");
        server.document = rss("a", "b", "c");
        startFeed(65_536, Duration.ofSeconds(5));
        await("the held item", WAIT, () -> deadLetters.size() == 1);
        await("the other two", WAIT, () -> flows.byKey.size() == 2);
        assertTrue(flows.byKey.keySet().containsAll(List.of("feed-news:a", "feed-news:c")));
        Exchange letter = deadLetters.get(0);
        assertEquals("b", letter.getMessage().getHeader(FeedRoutes.ITEM));
        assertEquals(Map.of(FeedRoutes.ITEM, "b"), letter.getMessage().getHeaders());
        assertTrue(letter.getMessage().getBody(String.class).contains("\"title\":\"Item b\""), letter.getMessage().getBody(String.class));
        assertEquals("direct://steward-connector-feed-news-item", letter.getFromEndpoint().getEndpointUri());
        assertEquals("steward-connector-feed-news-item", letter.getProperty(Exchange.FAILURE_ROUTE_ID));
        assertEquals(2, flows.startCalls.stream().filter("feed-news:b"::equals).count(), "one try and one redelivery");

        server.awaitFreshPoll();
        assertEquals(1, deadLetters.size(), "a held item is not handed over again by the next poll");
        assertEquals("1", routes.health().details().get("itemsHeldInInbox"));

        // what the inbox does on replay: the stored body and headers sent to the endpoint the letter came in through
        flows.failing.clear();
        camel.createProducerTemplate().sendBodyAndHeader(letter.getFromEndpoint().getEndpointUri(),
                letter.getMessage().getBody(String.class), FeedRoutes.ITEM, "b");
        assertEquals(3, flows.byKey.size());
        assertEquals("Item b", flows.byKey.get("feed-news:b").input().get("title"));
    }

    @Test
    void anUnknownFlowIsNotRetriedButHeld() throws Exception {
        flows.failure = new IllegalArgumentException("no flow definition news-intake (scripted)");
        server.document = rss("a");
        startFeed(65_536, Duration.ofSeconds(5));
        await("held", WAIT, () -> deadLetters.size() == 1);
        assertEquals(List.of("feed-news:a"), flows.startCalls, "a refusal is not tried again");
    }

    /** slf4j-simple writes to the System.err of the moment: the test reads what the feed logged. */
    @Test
    void aFailureIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() throws Exception {
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            server.status = 503;
            startFeed(65_536, Duration.ofSeconds(5));
            awaitError("HTTP 503 from 127.0.0.1");
            for (int i = 0; i < 3; i++) {
                server.awaitFreshPoll();
            }
            server.status = 200;
            await("the feed recovered", WAIT, () -> routes.health().state() == HealthState.UP);
            server.awaitFreshPoll();
        } finally {
            System.setErr(err);
        }
        String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, text.lines().filter(l -> l.contains("WARN") && l.contains("poll failed: HTTP 503")).count(), text);
        assertEquals(1, text.lines().filter(l -> l.contains("polled again after")).count(), text);
        assertFalse(text.contains("not-for-logs"), "the URL's query is not logged");
    }

    private void awaitError(String reason) throws InterruptedException {
        await("health error '" + reason + "'", WAIT, () -> reason.equals(routes.health().details().get("lastError")));
    }

    private void awaitErrorStarting(String reason) throws InterruptedException {
        server.awaitFreshPoll();
        String error = routes.health().details().getOrDefault("lastError", "");
        assertTrue(error.startsWith(reason), error);
    }
}

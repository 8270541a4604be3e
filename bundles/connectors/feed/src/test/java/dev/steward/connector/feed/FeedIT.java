package dev.steward.connector.feed;

import static dev.steward.connector.feed.Feeds.atom;
import static dev.steward.connector.feed.Feeds.await;
import static dev.steward.connector.feed.Feeds.rss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.api.status.HealthState;
import dev.steward.fabric.internal.DeadLetterRoutes;
import dev.steward.fabric.internal.DeadLetterViews;
import dev.steward.fabric.internal.DeadLetters;
import dev.steward.fabric.internal.Neo4jIdempotentRepository;
import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * A feed on the fabric it runs on in the platform: the durable idempotent repository and the exceptions inbox on a
 * real Neo4j, polling a JDK HTTP server on loopback. New items start once each, a restarted context starts nothing
 * it has seen, bad documents start nothing, and an item whose flow could not start is held in the inbox and starts
 * when replayed.
 */
@Timeout(180)
class FeedIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    private final KeyedFlows flows = new KeyedFlows();
    private Feeds.FeedServer server;
    private DefaultCamelContext camel;
    private FeedRoutes routes;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "IdempotencyKey", "DeadLetter");
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() throws Exception {
        testStore.clear();
        server = new Feeds.FeedServer();
    }

    private IdempotentRepository repository(String name) {
        return new Neo4jIdempotentRepository(testStore.store(), name, Duration.ofDays(30), Clock.systemUTC());
    }

    private void startContext(int maxBytes) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new DeadLetterRoutes(testStore.store(), null));
        routes = new FeedRoutes(Feeds.settings("news", server.url(), maxBytes, Duration.ofSeconds(5)), flows.service,
                this::repository, Clock.systemUTC());
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
    void newItemsStartOnceAndARestartedContextStartsNothingItHasSeen() throws Exception {
        server.document = rss("a", "b", "c");
        startContext(65_536);
        await("three flows", WAIT, () -> flows.byKey.size() == 3);
        server.document = rss("a", "b", "c", "d", "e");
        await("two more flows", WAIT, () -> flows.byKey.size() == 5);
        server.awaitFreshPoll();
        assertEquals(List.of("feed-news:a", "feed-news:b", "feed-news:c", "feed-news:d", "feed-news:e"), flows.startCalls);
        assertTrue(repository("feed-news").contains("e"), "the item is remembered in the store");

        camel.stop();
        startContext(65_536);
        server.awaitFreshPoll();
        server.awaitFreshPoll();
        assertEquals(5, flows.startCalls.size(), "the restarted context started nothing: " + flows.startCalls);
        assertEquals(HealthState.UP, routes.health().state(), routes.health().toString());
    }

    @Test
    void anAtomFeedWorksOnTheStoreToo() throws Exception {
        server.document = atom("1", "2");
        startContext(65_536);
        await("two flows", WAIT, () -> flows.byKey.size() == 2);
        server.document = atom("1", "2", "3");
        await("the new entry", WAIT, () -> flows.byKey.size() == 3);
        // the key is confirmed in the store once the item's exchange completes, just after its flow started
        await("the entry remembered in the store", WAIT, () -> repository("feed-news").contains("urn:test:3"));
    }

    @Test
    void aMalformedAFailingOrAnOversizedFeedStartsNothingAndShowsInTheHealth() throws Exception {
        server.document = rss("a").replace("</rss>", "");
        startContext(2048);
        awaitErrorStarting("not a readable RSS or Atom feed: ");
        server.document = rss("a");
        server.status = 500;
        awaitErrorStarting("HTTP 500 from 127.0.0.1");
        server.status = 200;
        server.document = rss("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q");
        awaitErrorStarting("document of ");
        assertTrue(flows.startCalls.isEmpty(), "no flow: " + flows.startCalls);
        assertEquals(HealthState.DEGRADED, routes.health().state());
    }

    @Test
    void anItemWhoseStartKeepsFailingIsHeldInTheInboxAndStartsWhenReplayed() throws Exception {
        flows.failing.add("feed-news:b");
        server.document = rss("a", "b", "c");
        startContext(65_536);
        ExceptionsInbox inbox = new DeadLetterViews(new DeadLetters(testStore.store(), camel));
        await("the held item", WAIT, () -> inbox.list(null, 10).size() == 1);
        await("the other two", WAIT, () -> flows.byKey.size() == 2);
        DeadLetterView letter = inbox.list(null, 10).get(0);
        assertEquals("steward-connector-feed-news-item", letter.route());
        assertEquals("store unavailable (scripted)", letter.reason());
        assertEquals("b", letter.headers().get(FeedRoutes.ITEM));
        assertTrue(letter.payload().contains("\"title\":\"Item b\""), letter.payload());
        assertEquals("direct://steward-connector-feed-news-item", letter.endpoint());
        server.awaitFreshPoll();
        assertEquals(1, inbox.list(null, 10).size(), "the next poll does not hand the held item over again");

        flows.failing.clear();
        assertEquals("REPLAYED", inbox.replay(letter.id()).status());
        assertEquals(3, flows.byKey.size());
        assertEquals("Item b", flows.byKey.get("feed-news:b").input().get("title"));
    }

    private void awaitErrorStarting(String reason) throws InterruptedException {
        await("health error '" + reason + "'", WAIT,
                () -> routes.health().details().getOrDefault("lastError", "").startsWith(reason));
    }
}

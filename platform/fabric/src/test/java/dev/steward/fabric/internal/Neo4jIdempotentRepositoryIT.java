package dev.steward.fabric.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/** The durable idempotent repository against a real Neo4j. */
class Neo4jIdempotentRepositoryIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;
    private static GraphStore store;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "IdempotencyKey", "DeadLetter");
        store = testStore.store();
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void clear() {
        testStore.clear();
    }

    private Neo4jIdempotentRepository repository(String name, Duration horizon) {
        return new Neo4jIdempotentRepository(store, name, horizon, clock);
    }

    private static long keyNodes() {
        return ((Number) store.read(Statement.of("MATCH (k:IdempotencyKey) RETURN count(k) AS n")).get(0).get("n")).longValue();
    }

    @Test
    void aKeyIsAddedOnce() {
        IdempotentRepository repo = repository("mail", Duration.ofDays(30));
        assertTrue(repo.add("m-1"));
        assertFalse(repo.add("m-1"));
        assertTrue(repo.contains("m-1"));
        assertFalse(repo.contains("m-2"));
    }

    @Test
    void repositoriesShareTheConstraintButNotTheirKeys() {
        assertTrue(repository("mail", Duration.ofDays(30)).add("x"));
        assertTrue(repository("rss", Duration.ofDays(30)).add("x"));
        List<Map<String, Object>> rows = store.read(Statement.of(
                "MATCH (k:IdempotencyKey) RETURN k.key AS key, k.repository AS repo ORDER BY key"));
        assertEquals(List.of(Map.of("key", "mail/x", "repo", "mail"), Map.of("key", "rss/x", "repo", "rss")), rows);
    }

    @Test
    void concurrentAddsOfOneKeyLetExactlyOneThrough() throws Exception {
        assertExactlyOneOf8Adds(repository("hooks", Duration.ofDays(30)), false);
    }

    @Test
    void concurrentAddsOfAnExpiredKeyRenewItExactlyOnce() throws Exception {
        assertExactlyOneOf8Adds(repository("hooks", Duration.ofSeconds(1)), true);
    }

    private void assertExactlyOneOf8Adds(IdempotentRepository repo, boolean expiredFirst) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "delivery-" + round;
                if (expiredFirst) {
                    assertTrue(repo.add(key));
                    clock.advance(Duration.ofSeconds(2));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Callable<Boolean> add = () -> {
                        start.await();
                        return repo.add(key);
                    };
                    results.add(pool.submit(add));
                }
                start.countDown();
                int added = 0;
                for (Future<Boolean> f : results) {
                    added += f.get() ? 1 : 0;
                }
                assertEquals(1, added, "adds of " + key + " that returned true");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, keyNodes());
    }

    @Test
    void keysSurviveANewRepositoryInstance() {
        assertTrue(repository("mail", Duration.ofDays(30)).add("m-1"));
        // what a restart leaves: a new instance over the same store
        Neo4jIdempotentRepository afterRestart = repository("mail", Duration.ofDays(30));
        assertTrue(afterRestart.contains("m-1"));
        assertFalse(afterRestart.add("m-1"));
    }

    @Test
    void anExpiredKeyIsAbsentAndIsPurged() {
        IdempotentRepository repo = repository("feed", Duration.ofSeconds(5));
        assertTrue(repo.add("item-1"));
        clock.advance(Duration.ofSeconds(4));
        assertFalse(repo.add("item-1"), "still within the horizon");
        clock.advance(Duration.ofSeconds(2));
        assertFalse(repo.contains("item-1"));
        assertTrue(repo.add("item-1"), "expired keys are accepted again");
        assertFalse(repo.add("item-1"), "and remembered for a new horizon");

        assertTrue(repo.add("item-2"));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(2, new ExpiredKeys(store).purge(clock.millis()));
        assertEquals(0, keyNodes());
    }

    @Test
    void theScheduledPurgeRemovesExpiredKeys() throws InterruptedException {
        Clock real = Clock.systemUTC();
        IdempotentRepositories repositories = new IdempotentRepositories(store, Duration.ofMillis(200), Duration.ofMillis(100), real);
        try {
            IdempotentRepository repo = repositories.apply("tick");
            assertTrue(repo.add("a"));
            assertTrue(repo.add("b"));
            assertTrue(repositories.apply("tick") == repo, "one instance per name");
            EmbeddedTestStore.await("expired keys purged", Duration.ofSeconds(10), () -> keyNodes() == 0);
        } finally {
            repositories.deactivate();
        }
        assertThrows(IllegalArgumentException.class, () -> repositories.apply("a/b"));
    }

    @Test
    void removeConfirmAndClear() {
        Neo4jIdempotentRepository repo = repository("mail", Duration.ofDays(30));
        Neo4jIdempotentRepository other = repository("rss", Duration.ofDays(30));
        assertTrue(repo.add("a"));
        assertTrue(repo.confirm("a"));
        assertEquals(List.of(Map.of("confirmed", true)),
                store.read(Statement.of("MATCH (k:IdempotencyKey {key: 'mail/a'}) RETURN k.confirmed AS confirmed")));
        assertFalse(repo.confirm("unknown"));

        assertTrue(repo.remove("a"));
        assertFalse(repo.remove("a"));
        assertTrue(repo.add("a"), "a removed key can be added again");

        assertTrue(repo.add("b"));
        assertTrue(other.add("c"));
        repo.clear();
        assertFalse(repo.contains("a"));
        assertFalse(repo.contains("b"));
        assertTrue(other.contains("c"), "clear touches only its own repository");
    }

    @Test
    void anIdempotentConsumerPassesEachIdOnceAcrossARestart() throws Exception {
        List<String> passed = new ArrayList<>();
        send(passed, "a", "b", "a");
        assertEquals(List.of("a", "b"), passed);
        // a new CamelContext and a new repository instance: only the store remembers
        send(passed, "a", "c", "b", "c");
        assertEquals(List.of("a", "b", "c"), passed);
    }

    private void send(List<String> passed, String... ids) throws Exception {
        IdempotentRepository repo = repository("inbox", Duration.ofDays(30));
        CamelContext camel = new DefaultCamelContext();
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:inbox").routeId("inbox")
                            .idempotentConsumer(header("id"), repo)
                            .process(exchange -> passed.add(exchange.getMessage().getHeader("id", String.class)));
                }
            });
            camel.start();
            ProducerTemplate producer = camel.createProducerTemplate();
            for (String id : ids) {
                producer.sendBodyAndHeader("direct:inbox", "hello", "id", id);
            }
        } finally {
            camel.stop();
        }
    }
}

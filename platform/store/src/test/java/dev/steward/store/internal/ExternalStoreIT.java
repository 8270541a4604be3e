package dev.steward.store.internal;

import static dev.steward.store.internal.StoreTestSupport.await;
import static dev.steward.store.internal.StoreTestSupport.embedded;
import static dev.steward.store.internal.StoreTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.status.HealthState;
import dev.steward.spi.store.Statement;
import dev.steward.spi.store.StoreUnavailableException;

/** A store configured with an external uri (here: a real server started for the test), and its bad inputs. */
@Timeout(180)
class ExternalStoreIT {

    @TempDir
    static Path data;
    static int port;
    static Neo4jGraphStore server;

    @BeforeAll
    static void startServer() throws Exception {
        port = freePort();
        server = new Neo4jGraphStore(embedded(data, port));
        await("server up", Duration.ofSeconds(90), () -> server.info().connected());
    }

    @AfterAll
    static void stopServer() {
        server.deactivate();
    }

    private static Map<String, Object> external(String uri, Path secret) {
        Map<String, Object> props = new HashMap<>();
        props.put("uri", uri);
        props.put("password.ref", "file:" + secret);
        props.put("health.interval.ms", "200");
        return props;
    }

    @Test
    void connectsWithTheRightSecretAndRunsOnlyParameterisedCypher() throws Exception {
        Neo4jGraphStore store = new Neo4jGraphStore(external("bolt://127.0.0.1:" + port, data.resolve("steward/store.password")));
        try {
            await("connected", Duration.ofSeconds(20), () -> store.info().connected());
            assertEquals(Migration.all().size(), store.info().schemaVersion(), "migrations are idempotent on a second start");
            store.writeAll(java.util.List.of(
                    new Statement("MERGE (k:IdempotencyKey {key: $k}) SET k.expiresAt = $t", Map.of("k", "a", "t", 1)),
                    new Statement("MERGE (k:IdempotencyKey {key: $k}) SET k.expiresAt = $t", Map.of("k", "b", "t", 2))));
            var rows = store.read(new Statement("MATCH (k:IdempotencyKey) WHERE k.key IN $keys RETURN k ORDER BY k.key",
                    Map.of("keys", java.util.List.of("a", "b"))));
            assertEquals(Map.of("key", "a", "expiresAt", 1L), rows.get(0).get("k"), "nodes come back as plain maps");
            var duplicate = assertThrows(RuntimeException.class, () -> store.write(
                    new Statement("CREATE (:IdempotencyKey {key: $k})", Map.of("k", "a"))));
            assertTrue(duplicate.getMessage().contains("already exists"), "the uniqueness constraint is in force");
        } finally {
            store.deactivate();
        }
    }

    @Test
    void theRoutingSchemeWorksAgainstASingleServer() throws Exception {
        Neo4jGraphStore store = new Neo4jGraphStore(external("neo4j://127.0.0.1:" + port, data.resolve("steward/store.password")));
        try {
            await("connected through routing", Duration.ofSeconds(30), () -> store.info().connected());
            assertEquals(List.of(Map.of("one", 1L)), store.read(new Statement("RETURN $v AS one", Map.of("v", 1))));
        } finally {
            store.deactivate();
        }
    }

    @Test
    void aWrongPasswordIsReportedAndACorrectedSecretIsPickedUp() throws Exception {
        Path secret = data.resolve("wrong.secret");
        Files.writeString(secret, "not-the-password\n");
        Neo4jGraphStore store = new Neo4jGraphStore(external("bolt://127.0.0.1:" + port, secret));
        try {
            await("auth failure reported", Duration.ofSeconds(20),
                    () -> store.health().message().startsWith("authentication failed for user 'neo4j'"));
            assertEquals(HealthState.DOWN, store.health().state());
            assertTrue(store.health().message().contains("password.ref"), store.health().message());
            assertThrows(StoreUnavailableException.class, () -> store.read(new Statement("RETURN 1", Map.of())));
            Files.copy(data.resolve("steward/store.password"), secret, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // Neo4j locks a user for a few seconds after repeated failures: allow for it
            await("connected after the secret was fixed", Duration.ofSeconds(60), () -> store.info().connected());
        } finally {
            store.deactivate();
        }
    }

    @Test
    void anUnreachableUriIsReportedWithoutCrashing() throws Exception {
        int nobody = freePort();
        Neo4jGraphStore store = new Neo4jGraphStore(external("bolt://127.0.0.1:" + nobody, data.resolve("steward/store.password")));
        try {
            await("unreachable reported", Duration.ofSeconds(30),
                    () -> store.health().message().startsWith("unreachable: bolt://127.0.0.1:" + nobody));
            var e = assertThrows(StoreUnavailableException.class, () -> store.write(new Statement("RETURN 1", Map.of())));
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        } finally {
            store.deactivate();
        }
    }
}

package dev.steward.store.internal;

import static dev.steward.store.internal.StoreTestSupport.await;
import static dev.steward.store.internal.StoreTestSupport.embedded;
import static dev.steward.store.internal.StoreTestSupport.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.status.HealthState;
import dev.steward.spi.store.Statement;

/** The embedded server as the platform runs it: start, schema, crash of the server, leftovers of a crashed platform. */
@Timeout(240)
class EmbeddedStoreIT {

    private static final Duration UP = Duration.ofSeconds(90);

    @TempDir
    Path data;

    @Test
    void startsMigratesSurvivesKill9AndStopsCleanly() throws Exception {
        Neo4jGraphStore store = new Neo4jGraphStore(embedded(data, freePort()));
        try {
            await("store up", UP, () -> store.info().connected());
            assertEquals(Migration.all().size(), store.info().schemaVersion());
            assertTrue(store.info().serverVersion().startsWith("5.26"), store.info().serverVersion());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve("steward/store.password"))));
            store.write(new Statement("CREATE (:ItProbe {v: $v})", Map.of("v", 42)));

            long pid = Long.parseLong(store.health().details().get("pid"));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            await("store reported down after kill -9", Duration.ofSeconds(20), () -> !store.info().connected());
            assertEquals(HealthState.DOWN, store.health().state());
            await("store back by itself", UP, () -> store.info().connected());
            assertTrue(Long.parseLong(store.health().details().get("pid")) != pid);
            List<Map<String, Object>> rows = store.read(new Statement("MATCH (p:ItProbe) RETURN p.v AS v", Map.of()));
            assertEquals(List.of(Map.of("v", 42L)), rows, "committed data survives the crash");
        } finally {
            long pid = Long.parseLong(store.health().details().get("pid"));
            long t0 = System.nanoTime();
            store.deactivate();
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 15, "stop within 15 s");
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server process gone");
            assertFalse(Files.exists(data.resolve("steward/store.pid")), "pid file removed on a clean stop");
        }
    }

    @Test
    void clearsAnOrphanedServerAndAStalePidFile() throws Exception {
        int port = freePort();
        Neo4jGraphStore first = new Neo4jGraphStore(embedded(data, port));
        await("first store up", UP, () -> first.info().connected());
        long firstPid = Long.parseLong(first.health().details().get("pid"));
        first.deactivate();

        // what a platform killed with -9 leaves: a server with no supervisor, its pid file, and the port taken
        Process orphan = new ProcessBuilder(orphanCommand(port)).redirectErrorStream(true)
                .redirectOutput(data.resolve("orphan.out").toFile()).start();
        await("orphan serving", UP, () -> !portFree(port));
        assertTrue(Files.exists(data.resolve("steward/store.pid")));

        Neo4jGraphStore second = new Neo4jGraphStore(embedded(data, port));
        try {
            await("second store up", UP, () -> second.info().connected());
            assertFalse(orphan.isAlive(), "the orphan was stopped");
            assertTrue(Long.parseLong(second.health().details().get("pid")) != firstPid);
        } finally {
            second.deactivate();
        }

        // a stale pid file (the process is long gone) is removed, not reported as a mystery
        Files.writeString(data.resolve("steward/store.pid"), Long.toString(orphan.pid()));
        Neo4jGraphStore third = new Neo4jGraphStore(embedded(data, port));
        try {
            await("third store up", UP, () -> third.info().connected());
        } finally {
            third.deactivate();
        }
    }

    @Test
    void aPortHeldByAStrangerIsReportedAndStartWaitsForIt() throws Exception {
        int port = freePort();
        Neo4jGraphStore store;
        try (ServerSocket stranger = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            store = new Neo4jGraphStore(embedded(data, port));
            await("port problem reported", Duration.ofSeconds(20),
                    () -> store.health().message().contains("held by another process"));
            assertTrue(store.health().message().contains("embedded.port"), store.health().message());
        }
        try {
            await("store up once the port is free", UP, () -> store.info().connected());
        } finally {
            store.deactivate();
        }
    }

    @Test
    void serverStopsItselfWhenThePlatformProcessDies() throws Exception {
        Process platform = new ProcessBuilder("sleep", "120").start();
        Files.createDirectories(data.resolve("steward"));
        Files.writeString(data.resolve("steward/store.password"), "pw-for-parent-watch-test\n");
        int port = freePort();
        List<String> cmd = new java.util.ArrayList<>(orphanCommand(port));
        cmd.replaceAll(a -> a.startsWith("parent-pid=") ? "parent-pid=" + platform.pid() : a);
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.out").toFile()).start();
        try {
            await("server serving", UP, () -> !portFree(port));
            platform.destroyForcibly();
            await("server gone after its platform died", Duration.ofSeconds(20), () -> !server.isAlive());
            assertFalse(Files.exists(data.resolve("steward/store.pid")), "pid file removed");
        } finally {
            server.destroyForcibly();
        }
    }

    private List<String> orphanCommand(int port) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar",
                StoreTestSupport.runtime().resolve(EmbeddedStoreServer.MAIN_JAR).toString(),
                "home=" + data.resolve("neo4j"), "port=" + port,
                "password-file=" + data.resolve("steward/store.password"),
                "pid-file=" + data.resolve("steward/store.pid"), "parent-pid=0");
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

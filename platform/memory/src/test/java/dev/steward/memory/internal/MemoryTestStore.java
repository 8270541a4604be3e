package dev.steward.memory.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.store.internal.Neo4jGraphStore;

/**
 * A real Neo4j for the memory tests: the platform's own store component with its embedded server, with the
 * knowledge schema applied (until it is a store migration).
 */
final class MemoryTestStore implements AutoCloseable {

    private final Neo4jGraphStore store;

    MemoryTestStore(Path data) throws InterruptedException {
        String runtime = System.getProperty("steward.store.runtime");
        if (runtime == null) {
            throw new IllegalStateException("system property steward.store.runtime is not set (run through failsafe)");
        }
        store = new Neo4jGraphStore(Map.of("embedded.port", Integer.toString(freePort()), "embedded.runtime", runtime,
                "embedded.data", data.toString(), "embedded.heap", "512m", "health.interval.ms", "250"));
        await("store up", Duration.ofSeconds(120), () -> store.info().connected());
        store.write(Statement.of("CALL db.awaitIndexes(60)"));
    }

    GraphStore store() {
        return store;
    }

    void clear() {
        store.write(Statement.of("MATCH (n) WHERE n:Entity OR n:Fact OR n:Episode OR n:Tombstone OR n:EntityResolutionLock "
                + "DETACH DELETE n"));
    }

    @Override
    public void close() {
        store.deactivate();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

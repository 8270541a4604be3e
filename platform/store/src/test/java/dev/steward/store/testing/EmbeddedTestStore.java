package dev.steward.store.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;
import dev.steward.store.internal.Neo4jGraphStore;

/**
 * A real Neo4j for the integration tests of the modules that write to the store (kernel, fabric, memory): the
 * platform's own store component with its embedded server on a free loopback port, schema migrations applied
 * and indexes online. Shipped in this module's test-jar; needs the system property {@code steward.store.runtime}
 * (the unpacked store runtime, set by failsafe in each module's pom).
 */
public final class EmbeddedTestStore implements AutoCloseable {

    private final Neo4jGraphStore store;
    private final List<String> labels;

    /**
     * Starts the store and waits until it is connected.
     *
     * @param data the database directory
     * @param labels the node labels {@link #clear()} deletes
     * @throws InterruptedException when interrupted while waiting
     */
    public EmbeddedTestStore(Path data, String... labels) throws InterruptedException {
        String runtime = System.getProperty("steward.store.runtime");
        if (runtime == null) {
            throw new IllegalStateException("system property steward.store.runtime is not set (run through failsafe)");
        }
        this.labels = List.of(labels);
        store = new Neo4jGraphStore(Map.of("embedded.port", Integer.toString(freePort()), "embedded.runtime", runtime,
                "embedded.data", data.toString(), "embedded.heap", "512m", "health.interval.ms", "250"));
        await("store up", Duration.ofSeconds(120), () -> store.info().connected());
        store.write(Statement.of("CALL db.awaitIndexes(60)"));
    }

    public GraphStore store() {
        return store;
    }

    /** Deletes every node with one of the labels given at construction. */
    public void clear() {
        store.write(new Statement("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) DETACH DELETE n",
                Map.of("labels", labels)));
    }

    @Override
    public void close() {
        store.deactivate();
    }

    /**
     * Polls a condition every 20 ms.
     *
     * @param what what is awaited, for the failure message
     * @param timeout how long to wait
     * @param condition the condition
     * @throws InterruptedException when interrupted
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
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

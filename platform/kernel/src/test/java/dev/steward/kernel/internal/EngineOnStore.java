package dev.steward.kernel.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.store.testing.EmbeddedTestStore;

/**
 * Base of the kernel's integration tests: one real Neo4j (the platform's store with its embedded server) per
 * test class, emptied before each test, and a fresh engine ({@code node-a}, 3 s leases) per test.
 */
abstract class EngineOnStore {

    static final int BREAKER_FAILURES = 4;

    @TempDir
    static Path data;
    static EmbeddedTestStore neo4j;
    FlowEngine engine;

    @BeforeAll
    static void startStore() throws Exception {
        neo4j = new EmbeddedTestStore(data, "FlowInstance", "StepRun");
    }

    @AfterAll
    static void stopStore() {
        neo4j.close();
    }

    @BeforeEach
    void startEngine() {
        neo4j.clear();
        engine = newEngine();
    }

    @AfterEach
    void stopEngine() {
        engine.deactivate();
    }

    static FlowEngine newEngine() {
        return newEngine("node-a", Duration.ofSeconds(3));
    }

    static FlowEngine newEngine(String node, Duration lease) {
        return new FlowEngine(neo4j.store(), new KernelSettings(4, 256, BREAKER_FAILURES, Duration.ofMillis(500), node, lease));
    }
}

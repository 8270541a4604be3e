package dev.steward.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.status.HealthState;

class StoreSettingsTest {

    @Test
    void emptyUriMeansEmbeddedOnLoopback() {
        StoreSettings s = StoreSettings.from(Map.of("embedded.port", "17001"));
        assertTrue(s.isEmbedded());
        assertEquals("bolt://127.0.0.1:17001", s.effectiveUri());
        assertEquals(16, s.poolSize());
    }

    @Test
    void externalUriNeedsAPasswordReference() {
        var e = assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("uri", "neo4j://db.example:7687")));
        assertTrue(e.getMessage().contains("password.ref is required"), e.getMessage());
        StoreSettings s = StoreSettings.from(Map.of("uri", "neo4j://db.example:7687", "password.ref", "env:NEO4J_PW"));
        assertFalse(s.isEmbedded());
        assertEquals("neo4j://db.example:7687", s.effectiveUri());
    }

    @Test
    void malformedValuesNameKeyValueAndExpectation() {
        var e = assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("pool.size", "abc")));
        assertEquals("invalid configuration in etc/dev.steward.store.cfg: pool.size 'abc' is not a whole number from 1 to 1000",
                e.getMessage());
        assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("uri", "http://x:1", "password.ref", "env:X")));
        assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("embedded.heap", "lots")));
        assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("embedded.port", "70000")));
        assertThrows(InvalidSettingsException.class, () -> StoreSettings.from(Map.of("password.ref", "hunter2")));
    }

    @Test
    void misconfiguredStoreStaysUpAndSaysWhy() {
        Neo4jGraphStore store = new Neo4jGraphStore(Map.of("pool.size", "abc"));
        assertEquals(HealthState.DOWN, store.health().state());
        assertTrue(store.health().message().contains("pool.size 'abc'"), store.health().message());
        var e = assertThrows(RuntimeException.class, () -> store.read(new dev.steward.spi.store.Statement("RETURN 1", Map.of())));
        assertTrue(e.getMessage().contains("pool.size"), e.getMessage());
        store.deactivate();
    }

    @Test
    void secretReferenceNeverEchoesTheSecret() {
        var e = assertThrows(InvalidSettingsException.class, () -> SecretReference.resolve("env:STEWARD_SURELY_UNSET_VARIABLE"));
        assertTrue(e.getMessage().contains("env:STEWARD_SURELY_UNSET_VARIABLE"));
    }
}

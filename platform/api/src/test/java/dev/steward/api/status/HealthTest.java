package dev.steward.api.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void keepsDetailsInInsertionOrder() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("uri", "bolt://localhost:7687");
        details.put("latencyMs", "3");
        details.put("agents", "7");
        details.put("backend", "ollama");

        Health health = Health.up("store", "connected", details);

        assertEquals(List.of("uri", "latencyMs", "agents", "backend"), List.copyOf(health.details().keySet()));
    }

    @Test
    void copiesDetailsAndMakesThemReadOnly() {
        Map<String, String> details = new LinkedHashMap<>(Map.of("a", "1"));
        Health health = Health.degraded("models", "fallback", details);
        details.put("b", "2");

        assertEquals(Map.of("a", "1"), health.details());
        assertThrows(UnsupportedOperationException.class, () -> health.details().put("c", "3"));
    }

    @Test
    void defaultsNullMessageAndDetails() {
        Health health = Health.down("store", null, null);

        assertEquals(HealthState.DOWN, health.state());
        assertEquals("", health.message());
        assertEquals(Map.of(), health.details());
    }

    @Test
    void rejectsBlankComponent() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Health.up(" ", "ok", Map.of()));
        assertEquals("Health component name must not be blank", error.getMessage());
    }
}

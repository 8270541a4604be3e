package dev.steward.core.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.status.BundleStatus;
import dev.steward.api.status.Health;
import dev.steward.api.status.HealthState;
import dev.steward.api.status.PlatformStatus;
import dev.steward.spi.status.HealthIndicator;

class StatusReportTest {

    private final PlatformStatus status = new PlatformStatus("1.2.3",
            List.of(Health.up("camel", "context steward Started, 0 route(s)", Map.of()),
                    Health.down("store", "unreachable: bolt://127.0.0.1:1 (refused)", Map.of("uri", "bolt://127.0.0.1:1"))),
            List.of(new BundleStatus(7, "dev.steward.api", "1.2.3", "ACTIVE")));

    @Test
    void firstLineSaysWhetherReady() {
        String text = StatusReport.render(status, false);
        assertEquals("Steward 1.2.3: NOT READY", text.lines().findFirst().orElseThrow());
        assertTrue(text.contains("store       DOWN      unreachable: bolt://127.0.0.1:1 (refused)"), text);
        assertTrue(text.contains("ACTIVE    dev.steward.api 1.2.3 [7]"), text);
    }

    @Test
    void aDegradedComponentStillServesAndIsNamedInTheFirstLine() {
        PlatformStatus degraded = new PlatformStatus("1.2.3", List.of(Health.up("store", "connected", Map.of()),
                Health.degraded("definitions", "1 flow file(s) rejected", Map.of())), List.of());
        assertEquals("Steward 1.2.3: READY WITH PROBLEMS (definitions)",
                StatusReport.render(degraded, false).lines().findFirst().orElseThrow());
    }

    @Test
    void verboseAddsDetails() {
        assertTrue(StatusReport.render(status, true).contains("uri: bolt://127.0.0.1:1"));
    }

    @Test
    void aFailingIndicatorIsReportedDownNotThrown() {
        HealthIndicator broken = () -> {
            throw new IllegalStateException("boom");
        };
        Health h = PlatformStatusService.guarded(broken);
        assertEquals(HealthState.DOWN, h.state());
        assertTrue(h.message().contains("boom"));
    }
}

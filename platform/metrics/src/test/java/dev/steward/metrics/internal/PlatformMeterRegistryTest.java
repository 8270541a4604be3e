package dev.steward.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

class PlatformMeterRegistryTest {

    @Test
    void scrapeHasJvmMetersAndWhatOthersRecord() {
        PlatformMeterRegistry registry = new PlatformMeterRegistry();
        try {
            Counter.builder("steward.test.events").tag("kind", "a").register(registry).increment(3);
            Timer.builder("steward.test.latency").publishPercentileHistogram().register(registry)
                    .record(java.time.Duration.ofMillis(12));
            String text = registry.scrape();
            assertTrue(text.contains("jvm_memory_used_bytes{"), text);
            assertTrue(text.contains("jvm_threads_live_threads "), text);
            assertTrue(text.contains("process_uptime_seconds "), text);
            assertTrue(text.contains("steward_test_events_total{kind=\"a\"} 3.0"), text);
            assertTrue(text.contains("steward_test_latency_seconds_bucket{le="), text);
            assertTrue(text.contains("# TYPE steward_test_events_total counter"), text);
        } finally {
            registry.deactivate();
        }
    }

    @Test
    void closedRegistryStillScrapes() {
        PlatformMeterRegistry registry = new PlatformMeterRegistry();
        registry.deactivate();
        assertTrue(registry.isClosed());
        registry.scrape();
    }
}

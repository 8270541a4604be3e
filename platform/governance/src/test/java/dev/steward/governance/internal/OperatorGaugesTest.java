package dev.steward.governance.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionTime;
import dev.steward.api.governance.ExceptionWaits;
import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.governance.OperatorReport;
import dev.steward.api.governance.Ratio;

/** The gauges as Prometheus shows them; a scrape is served from the last report, at most one report a minute. */
class OperatorGaugesTest {

    private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");

    private final AtomicInteger reports = new AtomicInteger();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final MovableClock clock = new MovableClock();
    private final OperatorMetrics metrics = (from, to) -> {
        reports.incrementAndGet();
        if (failure.get() != null) {
            throw failure.get();
        }
        assertEquals(Duration.ofDays(7), Duration.between(from, to));
        return new OperatorReport(from, to, new ExceptionTime(new ExceptionWaits(2, 0, Duration.ofMinutes(90)),
                new ExceptionWaits(1, 1, Duration.ofHours(4))), new Ratio(1, 4),
                new DecisionLatency(2, Duration.ofMinutes(30), Duration.ofHours(1)),
                List.of(new Autonomy("invoice", new Ratio(3, 4))),
                List.of(new AgentSpend("drafter", LocalDate.parse("2026-03-08"), new BigDecimal("0.3"), new BigDecimal("1"))));
    };

    @Test
    void theLastWeeksMetricsInPrometheusTextComputedAtMostOnceAMinute() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorGauges gauges = new OperatorGauges(metrics, clock);
        gauges.addMeterRegistry(prometheus);
        awaitReports(1);
        String text = prometheus.scrape();
        for (String line : List.of("steward_operator_exception_seconds{kind=\"escalation\"} 5400.0",
                "steward_operator_exception_seconds{kind=\"dead_letter\"} 14400.0",
                "steward_operator_exceptions{kind=\"escalation\"} 2.0",
                "steward_operator_automated_with_rollback_ratio 0.25",
                "steward_operator_decision_latency_seconds{quantile=\"0.5\"} 1800.0",
                "steward_operator_decision_latency_seconds{quantile=\"0.95\"} 3600.0",
                "steward_operator_autonomy_ratio{definition=\"invoice\"} 0.75",
                "steward_operator_spend_usd{agent=\"drafter\",day=\"2026-03-08\"} 0.3",
                "steward_operator_budget_usd{agent=\"drafter\",day=\"2026-03-08\"} 1.0")) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        prometheus.scrape();
        assertEquals(1, reports.get(), "a scrape within the minute reads the last report");

        failure.set(new IllegalStateException("store down"));
        clock.move(Duration.ofSeconds(61));
        prometheus.scrape();
        awaitReports(2);
        assertTrue(prometheus.scrape().contains("steward_operator_automated_with_rollback_ratio 0.25"),
                "the last values stay while the store fails");

        gauges.deactivate();
        assertTrue(!prometheus.scrape().contains("steward_operator"), "gone with the component");
    }

    private void awaitReports(int n) throws InterruptedException {
        for (int i = 0; i < 200 && reports.get() < n; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(50); // the rows are shown just after the report is made
        assertEquals(n, reports.get());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = NOW;

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

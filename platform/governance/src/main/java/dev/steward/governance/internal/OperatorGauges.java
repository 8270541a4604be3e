package dev.steward.governance.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.governance.OperatorReport;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * The operator's metrics of the last 7 days as gauges on every bound {@link MeterRegistry} (Prometheus at
 * {@code /steward/api/v1/metrics}). A scrape never waits for the store: it reads the last report, and when that is a
 * minute old a new one is computed in the background; while the store fails the last values stay (logged once).
 */
@Component(service = {})
public final class OperatorGauges {

    static final Duration WINDOW = Duration.ofDays(7);
    static final Duration MAX_AGE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(OperatorGauges.class);

    private final OperatorMetrics metrics;
    private final Clock clock;
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final Set<MeterRegistry> bound = ConcurrentHashMap.newKeySet();
    private final GaugeRows rows = new GaugeRows(registry);
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "steward-operator-metrics");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile OperatorReport last;
    private volatile Instant attempted;
    private volatile boolean failing;

    @Activate
    public OperatorGauges(@Reference OperatorMetrics metrics) {
        this(metrics, Clock.systemUTC());
    }

    OperatorGauges(OperatorMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        String waited = "Time escalations and dead letters of the last 7 days waited on the operator";
        gauge("steward.operator.exception", "seconds", waited, "kind", "escalation",
                r -> seconds(r.exceptions().escalations().waited()));
        gauge("steward.operator.exception", "seconds", waited, "kind", "dead_letter",
                r -> seconds(r.exceptions().deadLetters().waited()));
        String arose = "Escalations and dead letters that arose in the last 7 days";
        gauge("steward.operator.exceptions", null, arose, "kind", "escalation", r -> r.exceptions().escalations().count());
        gauge("steward.operator.exceptions", null, arose, "kind", "dead_letter", r -> r.exceptions().deadLetters().count());
        gauge("steward.operator.automated.with.rollback.ratio", null, "Ended flows of the last 7 days that completed "
                + "with no human step and can be rolled back entirely", null, null,
                r -> r.automatedWithRollback().fraction());
        String latency = "Hold-to-decision time of the last 7 days' escalations, nearest-rank percentile";
        gauge("steward.operator.decision.latency", "seconds", latency, "quantile", "0.5",
                r -> seconds(r.decisionLatency().p50()));
        gauge("steward.operator.decision.latency", "seconds", latency, "quantile", "0.95",
                r -> seconds(r.decisionLatency().p95()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMeterRegistry(MeterRegistry platform) {
        bound.add(platform);
        registry.add(platform);
        refreshIfStale();
    }

    void removeMeterRegistry(MeterRegistry platform) {
        bound.remove(platform);
        registry.remove(platform);
        for (Meter meter : registry.getMeters()) {
            platform.remove(meter.getId()); // a scrape must not call into this component once it is gone
        }
    }

    @Deactivate
    void deactivate() {
        refresher.shutdownNow();
        List.copyOf(bound).forEach(this::removeMeterRegistry);
    }

    private void gauge(String name, String unit, String description, String tag, String value,
            ToDoubleFunction<OperatorReport> of) {
        Gauge.Builder<OperatorGauges> b = Gauge.builder(name, this, g -> g.value(of)).baseUnit(unit)
                .description(description);
        if (tag != null) {
            b.tag(tag, value);
        }
        b.register(registry);
    }

    /** A gauge's value from the last report (NaN before the first), starting a new one when it is stale. */
    private double value(ToDoubleFunction<OperatorReport> of) {
        refreshIfStale();
        OperatorReport report = last;
        return report == null ? Double.NaN : of.applyAsDouble(report);
    }

    /** Starts computing a report in the background unless one is under way or the last try is recent. */
    void refreshIfStale() {
        Instant tried = attempted;
        if (tried != null && Duration.between(tried, clock.instant()).compareTo(MAX_AGE) < 0
                || !refreshing.compareAndSet(false, true)) {
            return;
        }
        attempted = clock.instant();
        try {
            refresher.execute(this::refresh);
        } catch (RuntimeException e) { // shut down: deactivated meanwhile
            refreshing.set(false);
        }
    }

    private void refresh() {
        try {
            Instant now = clock.instant();
            OperatorReport report = metrics.report(now.minus(WINDOW), now);
            rows.show(report);
            last = report;
            if (failing) {
                failing = false;
                LOG.info("Operator metrics computed again");
            }
        } catch (StoreUnavailableException e) {
            // the store is starting or down, which its own health and log report: not a fault of the metrics
            LOG.debug("Operator metrics not computed while the store is unavailable: {}", e.getMessage());
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Operator metrics not computed; the gauges keep their last values until they are: {}",
                        e.toString());
            }
        } finally {
            refreshing.set(false);
        }
    }

    /** The last report the gauges show (tests). */
    OperatorReport last() {
        return last;
    }

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toNanos() / 1e9;
    }
}

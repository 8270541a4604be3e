package dev.steward.kernel.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The kernel's meters, kept in its own composite registry so that they count from the start and reach the
 * platform's registry (Prometheus) whenever one is bound: {@code steward_steps_started_total},
 * {@code _succeeded_total}, {@code _failed_total}, {@code _retried_total} per capability, and the
 * {@code steward_step_duration_seconds} histogram, and {@code steward_approval_decision_seconds} (hold to decision,
 * by outcome).
 */
final class KernelMetrics {

    /** The meters of one capability, registered once: a step does not look them up again. */
    private record Meters(Counter started, Counter succeeded, Counter failed, Counter retried, Timer duration) {
    }

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final Map<String, Meters> byCapability = new ConcurrentHashMap<>();

    void bind(MeterRegistry platform) {
        registry.add(platform);
    }

    void unbind(MeterRegistry platform) {
        registry.remove(platform);
    }

    void started(String capability) {
        of(capability).started().increment();
    }

    void finished(String capability, boolean ok, int attempts, Duration took) {
        Meters m = of(capability);
        (ok ? m.succeeded() : m.failed()).increment();
        if (attempts > 1) {
            m.retried().increment(attempts - 1);
        }
        m.duration().record(took);
    }

    /** A held step was decided (approved, rejected) or expired, this long after the hold began. */
    void approvalDecided(String outcome, Duration waited) {
        Timer.builder("steward.approval.decision").description("Time from a step's hold for approval to its decision")
                .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(waited);
    }

    /** Counts what a step's agent said the call cost, by agent id (without version). */
    void spent(FlowJournal.Report report) {
        if (report.costUsd().signum() > 0) {
            String agent = report.agent().contains("@") ? report.agent().substring(0, report.agent().indexOf('@'))
                    : report.agent();
            Counter.builder("steward.agent.cost.usd").description("What agents reported their calls cost, in US dollars")
                    .tag("agent", agent).register(registry).increment(report.costUsd().doubleValue());
        }
    }

    private Meters of(String capability) {
        return byCapability.computeIfAbsent(capability, c -> new Meters(counter("steward.steps.started", c),
                counter("steward.steps.succeeded", c), counter("steward.steps.failed", c),
                counter("steward.steps.retried", c),
                Timer.builder("steward.step.duration").description("Time from a step's start to its journaled end")
                        .tag("capability", c).publishPercentileHistogram().register(registry)));
    }

    private Counter counter(String name, String capability) {
        return Counter.builder(name).tag("capability", capability).register(registry);
    }
}

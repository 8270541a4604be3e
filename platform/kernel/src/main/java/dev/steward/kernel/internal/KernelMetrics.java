package dev.steward.kernel.internal;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * The kernel's meters, kept in its own composite registry so that they count from the start and reach the
 * platform's registry (Prometheus) whenever one is bound: {@code steward_steps_started_total},
 * {@code _succeeded_total}, {@code _failed_total}, {@code _retried_total} per capability, and the
 * {@code steward_step_duration_seconds} histogram.
 */
final class KernelMetrics {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

    void bind(MeterRegistry platform) {
        registry.add(platform);
    }

    void unbind(MeterRegistry platform) {
        registry.remove(platform);
    }

    void started(String capability) {
        counter("steward.steps.started", capability).increment();
    }

    void finished(String capability, boolean ok, int attempts, Duration took) {
        counter(ok ? "steward.steps.succeeded" : "steward.steps.failed", capability).increment();
        if (attempts > 1) {
            counter("steward.steps.retried", capability).increment(attempts - 1);
        }
        Timer.builder("steward.step.duration").description("Time from a step's start to its journaled end")
                .tag("capability", capability).publishPercentileHistogram().register(registry).record(took);
    }

    private Counter counter(String name, String capability) {
        return Counter.builder(name).tag("capability", capability).register(registry);
    }
}

package dev.steward.model.internal;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelTier;

/**
 * The router's meters, kept in its own composite registry so that they count from the start and reach the platform's
 * registry (Prometheus) whenever one is bound, per backend and tier: {@code steward_model_calls_total} (by outcome:
 * {@code answered}, or {@code failed} with backend {@code none} when no backend answered),
 * {@code steward_model_failures_total} (each backend's failure, by kind), {@code steward_model_tokens_total} (by
 * direction: {@code prompt}, {@code completion}), {@code steward_model_cost_usd_total},
 * {@code steward_model_latency_seconds}; and {@code steward_model_reused_total} per tier asked for, the calls answered
 * from the journal.
 */
final class ModelMeters {

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();

    void bind(MeterRegistry platform) {
        registry.add(platform);
    }

    void unbind(MeterRegistry platform) {
        registry.remove(platform);
    }

    void answered(String backend, ModelTier tier, ChatResponse answer) {
        String t = tier(tier);
        calls(backend, t, "answered").increment();
        Counter.builder("steward.model.tokens").description("Tokens read and written by the models")
                .tags("backend", backend, "tier", t, "direction", "prompt").register(registry)
                .increment(answer.promptTokens());
        Counter.builder("steward.model.tokens").tags("backend", backend, "tier", t, "direction", "completion")
                .register(registry).increment(answer.completionTokens());
        Counter.builder("steward.model.cost").baseUnit("usd").description("What the model calls cost, in US dollars")
                .tags("backend", backend, "tier", t).register(registry).increment(answer.costUsd().doubleValue());
        Timer.builder("steward.model.latency").description("Duration of the backends' answers")
                .tags("backend", backend, "tier", t).register(registry).record(answer.latency());
    }

    void failed(String backend, ModelTier tier, String kind) {
        Counter.builder("steward.model.failures").description("Backends that did not answer a call, by kind")
                .tags("backend", backend, "tier", tier(tier), "kind", kind.toLowerCase(Locale.ROOT)).register(registry)
                .increment();
    }

    void unanswered(ModelTier tier) {
        calls("none", tier(tier), "failed").increment();
    }

    void reused(ModelTier asked) {
        Counter.builder("steward.model.reused").description("Model calls answered from the journal, not paid again")
                .tag("tier", tier(asked)).register(registry).increment();
    }

    private Counter calls(String backend, String tier, String outcome) {
        return Counter.builder("steward.model.calls").description("Model calls, by the backend that answered")
                .tags("backend", backend, "tier", tier, "outcome", outcome).register(registry);
    }

    private static String tier(ModelTier tier) {
        return tier.name().toLowerCase(Locale.ROOT);
    }
}

package dev.steward.governance.internal;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.OperatorReport;

/**
 * The gauges with one row per flow definition or per agent and day: {@code steward_operator_autonomy_ratio},
 * {@code steward_operator_spend_usd} and {@code steward_operator_budget_usd}; rows that a new report no longer has
 * are removed.
 */
final class GaugeRows {

    private final MultiGauge autonomy;
    private final MultiGauge spend;
    private final MultiGauge budget;

    GaugeRows(MeterRegistry registry) {
        autonomy = MultiGauge.builder("steward.operator.autonomy.ratio")
                .description("Ended flows of the last 7 days that completed with no human step, per definition")
                .register(registry);
        spend = MultiGauge.builder("steward.operator.spend").baseUnit("usd")
                .description("What agents reported their calls cost, per agent and day (last 7 days)").register(registry);
        budget = MultiGauge.builder("steward.operator.budget").baseUnit("usd")
                .description("The agent's budget that day, where the budget policy set one").register(registry);
    }

    void show(OperatorReport report) {
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        for (Autonomy a : report.autonomy()) {
            ratios.add(MultiGauge.Row.of(Tags.of("definition", a.definitionId()), a.autonomous().fraction()));
        }
        List<MultiGauge.Row<?>> spent = new ArrayList<>();
        List<MultiGauge.Row<?>> limits = new ArrayList<>();
        for (AgentSpend s : report.spend()) {
            Tags tags = Tags.of("agent", s.agentId(), "day", s.day().toString());
            spent.add(MultiGauge.Row.of(tags, s.spentUsd().doubleValue()));
            if (s.limitUsd() != null) {
                limits.add(MultiGauge.Row.of(tags, s.limitUsd().doubleValue()));
            }
        }
        autonomy.register(ratios, true);
        spend.register(spent, true);
        budget.register(limits, true);
    }
}

package dev.steward.core.internal.shell;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionWaits;
import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.governance.OperatorReport;
import dev.steward.api.governance.Ratio;

/** {@code steward:operator-metrics}: the operator's metrics of the last days, from the journal. */
@Service
@Command(scope = "steward", name = "operator-metrics",
        description = "Shows the operator's metrics (exceptions, automation, decision latency, autonomy, spend)")
public class OperatorMetricsCommand implements Action {

    @Option(name = "-d", aliases = "--days", description = "How many days up to now (1 to 366, default 7)")
    int days = 7;

    @Reference
    OperatorMetrics metrics;

    @Override
    public Object execute() {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("--days must be from 1 to 366, was " + days);
        }
        Instant now = Instant.now();
        OperatorReport r = metrics.report(now.minus(Duration.ofDays(days)), now);
        System.out.printf("Operator's metrics from %s to %s%n", r.from(), r.to());
        System.out.printf("Time on exceptions: %s%n", human(r.exceptions().total()));
        System.out.println("  escalations:  " + waits(r.exceptions().escalations()));
        System.out.println("  dead letters: " + waits(r.exceptions().deadLetters()));
        System.out.println("Automated with an observable rollback: " + ratio(r.automatedWithRollback()) + " of ended flows");
        DecisionLatency d = r.decisionLatency();
        System.out.println("Decision latency: " + (d.decisions() == 0 ? "no decisions"
                : "p50 " + human(d.p50()) + ", p95 " + human(d.p95()) + " (" + d.decisions() + " decisions)"));
        System.out.println("Autonomy per flow definition (completed with no human step, of ended flows):");
        if (r.autonomy().isEmpty()) {
            System.out.println("  (no flow ended)");
        }
        for (Autonomy a : r.autonomy()) {
            System.out.printf("  %-30s %s%n", a.definitionId(), ratio(a.autonomous()));
        }
        System.out.println("Spend per agent and day (USD):");
        if (r.spend().isEmpty()) {
            System.out.println("  (nothing spent)");
        }
        for (AgentSpend s : r.spend()) {
            System.out.printf("  %s  %-24s %10s%s%n", s.day(), s.agentId(), s.spentUsd().toPlainString(),
                    s.limitUsd() == null ? "" : " of " + s.limitUsd().toPlainString());
        }
        return null;
    }

    private static String waits(ExceptionWaits w) {
        return w.count() + " (" + w.open() + " open), waited " + human(w.waited());
    }

    private static String ratio(Ratio r) {
        return String.format(Locale.ROOT, "%.1f%% (%d of %d)", r.percent(), r.count(), r.of());
    }

    /** 1d 2h 3m 4s, to the second. */
    static String human(Duration d) {
        long s = d.getSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 86_400) {
            b.append(s / 86_400).append("d ");
        }
        if (s >= 3_600) {
            b.append(s / 3_600 % 24).append("h ");
        }
        if (s >= 60) {
            b.append(s / 60 % 60).append("m ");
        }
        return b.append(s % 60).append('s').toString();
    }
}

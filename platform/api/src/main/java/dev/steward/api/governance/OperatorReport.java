package dev.steward.api.governance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The operator's metrics of one window, as {@link OperatorMetrics} computes them; docs/governance.md defines each.
 *
 * @param from the window's start, inclusive
 * @param to the window's end, exclusive
 * @param exceptions the time escalations and dead letters that arose in the window waited on the operator
 * @param automatedWithRollback of the flows started in the window that have ended, those that completed with no
 *        human step and whose every succeeded step has a compensation
 * @param decisionLatency how long the operator took to decide the escalations of the window
 * @param autonomy per flow definition, the ended flows that completed with no human step; by definition id
 * @param spend what agents reported their calls cost, per agent and day, with the day's budget; by day, then agent
 */
public record OperatorReport(Instant from, Instant to, ExceptionTime exceptions, Ratio automatedWithRollback,
        DecisionLatency decisionLatency, List<Autonomy> autonomy, List<AgentSpend> spend) {

    /** Validates the fields and copies the lists. */
    public OperatorReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the window starts at " + from + ", after its end " + to);
        }
        Objects.requireNonNull(exceptions, "exceptions");
        Objects.requireNonNull(automatedWithRollback, "automatedWithRollback");
        Objects.requireNonNull(decisionLatency, "decisionLatency");
        autonomy = List.copyOf(autonomy);
        spend = List.copyOf(spend);
    }
}

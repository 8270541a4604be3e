package dev.steward.governance.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.flow.FlowService;
import dev.steward.api.governance.ExceptionTime;
import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.governance.OperatorReport;
import dev.steward.spi.store.GraphStore;

/**
 * The operator's metrics service: reads the window's journal with {@link JournalReads} and adds it up (read only;
 * docs/governance.md defines each metric as computed here).
 */
@Component(service = OperatorMetrics.class, configurationPid = GovernanceConfig.PID)
@Designate(ocd = GovernanceConfig.class)
public final class OperatorReports implements OperatorMetrics {

    private final JournalReads reads;
    private final Reversibility reversibility;
    private final ZoneId zone;
    private final Clock clock;

    @Activate
    public OperatorReports(@Reference GraphStore store, @Reference FlowService flows, GovernanceConfig config) {
        this(store, flows, zone(config.zone()), Clock.systemUTC());
    }

    /**
     * The service on a store and a kernel given directly (the kernel's scripted-week test).
     *
     * @param store the knowledge store holding the journal
     * @param flows the kernel, for what a rollback of a flow could undo
     * @param zone the zone whose midnight starts a day of spend
     * @param clock what now is, for the exceptions still open
     */
    public OperatorReports(GraphStore store, FlowService flows, ZoneId zone, Clock clock) {
        this.reads = new JournalReads(store);
        this.reversibility = new Reversibility(flows);
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public OperatorReport report(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Window w = Window.of(from, to, clock.instant());
        Holds holds = Holds.of(reads.holds(w), w);
        FlowOutcomes flows = FlowOutcomes.of(reads.endedFlows(w), w, reversibility::test);
        return new OperatorReport(from, to, new ExceptionTime(holds.waits(), DeadLetterWaits.of(reads.deadLetters(w), w)),
                flows.automatedWithRollback(), holds.latency(), flows.autonomy(),
                Spend.of(reads.costs(w), reads.agentBudgets(), w, zone));
    }

    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid configuration in etc/" + GovernanceConfig.PID + ".cfg: zone '" + id
                    + "' must be a time zone id such as UTC or Europe/Paris");
        }
    }
}

package dev.steward.policy.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.GraphStore;

/**
 * Cost budgets: a step with an estimated cost reserves it against its day, its agent's day and its flow before it
 * runs, and the reservation is settled with what the agent reports it spent once the step is over, or released when
 * it did not run. Reservations are made in memory ({@link Allotments}): against a day or an agent's day from budget
 * the store allotted to this node ({@link BudgetLedger}), so a step costs a store transaction only when its node's
 * allotment runs short, and spend is written to the store by a background flush; against a flow's budget from what
 * the flow's journal says it spent, since a flow runs on one node at a time. A step that would pass a limit is
 * denied, or waits for the operator, as configured; once approved it is charged over the limit, by the operator's
 * choice. A store that cannot be reached when an allotment is needed denies (the kernel counts a failing policy as
 * a denial): spending is never allowed unchecked.
 */
@Component(service = Policy.class, configurationPid = "dev.steward.policy.budget",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BudgetConfig.class)
public final class BudgetPolicy implements Policy {

    static final String ID = "budget";
    static final String VERSION = "1.1";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetPolicy.class);
    private static final long FLUSH_MILLIS = 200;
    private static final long IDLE_MILLIS = 30_000;

    private final BudgetLedger ledger;
    private final Limits limits;
    private final Clock clock;
    private final Allotments allotments = new Allotments();
    private final ScheduledExecutorService flusher;
    private volatile boolean flushFailing;

    @Activate
    public BudgetPolicy(@Reference GraphStore store, BudgetConfig config) {
        this(new BudgetLedger(store, "budget-" + UUID.randomUUID().toString().substring(0, 8)), new Limits(config),
                Clock.systemUTC());
    }

    BudgetPolicy(BudgetLedger ledger, Limits limits, Clock clock) {
        this.ledger = ledger;
        this.limits = limits;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-budget-ledger");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> flush(IDLE_MILLIS), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        long renew = Math.max(1, limits.ttl().toMillis() / 3);
        flusher.scheduleWithFixedDelay(this::renew, renew, renew, TimeUnit.MILLISECONDS);
    }

    /** Writes what was spent and gives back what this node holds unreserved, so that other nodes can use it. */
    @Deactivate
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(0);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public PolicyDecision evaluate(PolicySubject subject) {
        long amount = Limits.micros(subject.estimatedCostUsd());
        if (amount == 0) {
            return PolicyDecision.allow(ID, VERSION);
        }
        Instant now = clock.instant();
        List<Limits.Scope> scopes = limits.scopes(subject, now);
        List<Allotments.Short> shorts = allotments.reserve(subject.key(), scopes, amount, now.toEpochMilli());
        if (shorts.isEmpty()) {
            return PolicyDecision.allow(ID, VERSION);
        }
        List<BudgetLedger.Grant> grants = List.of();
        if (shorts.stream().anyMatch(Allotments.Short::ofFlow)) { // the store cannot give a flow more
            shorts = shorts.stream().filter(Allotments.Short::ofFlow).toList();
        } else {
            grants = ledger.allot(shorts, limits.chunkPerMille(), now);
            grants.forEach(g -> allotments.granted(g.scope(), g.limitMicros(), g.grantedMicros(), now.toEpochMilli()));
            shorts = allotments.reserve(subject.key(), scopes, amount, now.toEpochMilli());
            if (shorts.isEmpty()) {
                return PolicyDecision.allow(ID, VERSION);
            }
        }
        Map<String, BudgetLedger.Grant> stored = new HashMap<>();
        grants.forEach(g -> stored.put(g.scope(), g));
        String reason = "over budget: " + Limits.dollars(amount) + " USD estimated, but " + shorts.stream()
                .map(s -> s.scope() + " has " + Limits.dollars(left(s, stored.get(s.scope()))) + " of "
                        + Limits.dollars(s.limitMicros()) + " USD left")
                .collect(Collectors.joining("; "));
        return limits.askApproval() ? PolicyDecision.requireApproval(ID, VERSION, reason)
                : PolicyDecision.deny(ID, VERSION, reason);
    }

    /** What a scope has left for this node: what it holds unreserved and what the store has not allotted. */
    private long left(Allotments.Short s, BudgetLedger.Grant stored) {
        if (s.ofFlow()) {
            return s.leftMicros();
        }
        long free = stored == null ? 0 : Math.max(0, stored.limitMicros() - stored.usedMicros());
        return allotments.available(s.scope()) + free;
    }

    @Override
    public void settle(PolicySubject subject, boolean ran, BigDecimal costUsd) {
        long spent = ran ? Limits.micros(costUsd) : 0;
        if (spent == 0 && Limits.micros(subject.estimatedCostUsd()) == 0) {
            return; // nothing was reserved for it, nothing to charge
        }
        if (ran && spent > Limits.micros(subject.estimatedCostUsd())) {
            LOG.warn("Step {} of flow {} cost {} USD, more than the {} USD reserved for it (agent {})",
                    subject.stepId(), subject.flowInstanceId(), costUsd, subject.estimatedCostUsd(), subject.agentId());
        }
        Instant at = clock.instant();
        allotments.settle(subject.key(), limits.scopes(subject, at), spent, at.toEpochMilli());
    }

    private void flush(long idleMillis) {
        Instant at = clock.instant();
        List<Allotments.Delta> deltas = allotments.drain(at.toEpochMilli(), idleMillis);
        if (deltas.isEmpty()) {
            return;
        }
        try {
            ledger.flush(deltas, at);
            if (flushFailing) {
                LOG.info("Budget spend written to the store again");
                flushFailing = false;
            }
        } catch (RuntimeException e) {
            allotments.restore(deltas);
            if (!flushFailing) {
                LOG.warn("Budget spend not written to the store, kept for the next try: {}", e.getMessage());
                flushFailing = true;
            }
        }
    }

    private void renew() {
        Instant at = clock.instant();
        try {
            List<BudgetLedger.Reclaimed> reclaimed = new ArrayList<>();
            Set<String> mine = allotments.allottedBefore(at.toEpochMilli());
            Set<String> held = ledger.renew(at, at.minus(limits.ttl()), reclaimed);
            mine.removeAll(held);
            if (!mine.isEmpty()) {
                LOG.warn("Budget allotments of {} were taken back from this node (not renewed within {} s); "
                        + "it asks the store again", mine, limits.ttl().toSeconds());
                allotments.lost(mine);
            }
            reclaimed.forEach(r -> LOG.warn("Budget {}: {} USD allotted to {}, which stopped without giving it back, "
                    + "is counted as spent", r.scope(), Limits.dollars(r.micros()), r.holder()));
        } catch (RuntimeException e) {
            LOG.debug("Budget allotments not renewed: {}", e.getMessage());
        }
    }
}

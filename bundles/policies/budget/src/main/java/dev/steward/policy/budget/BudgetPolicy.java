package dev.steward.policy.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.steward.api.policy.PolicyDecision;
import dev.steward.api.policy.PolicySubject;
import dev.steward.spi.policy.Policy;
import dev.steward.spi.store.GraphStore;

/**
 * Cost budgets: a step with an estimated cost reserves it, in the knowledge store, against its day, its agent's
 * day and its flow before it runs; the reservation is settled with what the agent reports it spent once the step
 * is over, or released when it did not run. A step that would pass a limit is denied, or waits for the operator,
 * as configured; once approved it is charged over the limit, by the operator's choice. Steps that cost nothing
 * pass without a store write. A store that cannot be reached denies (the kernel counts a failing policy as a
 * denial): spending is never allowed unchecked.
 */
@Component(service = Policy.class, configurationPid = "dev.steward.policy.budget",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = BudgetConfig.class)
public final class BudgetPolicy implements Policy {

    static final String ID = "budget";
    static final String VERSION = "1.0";

    private static final Logger LOG = LoggerFactory.getLogger(BudgetPolicy.class);
    private static final RetryPolicy<Object> SETTLE_RETRY = RetryPolicy.builder().withMaxAttempts(6)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build();

    private final BudgetLedger ledger;
    private final Limits limits;
    private final Clock clock;

    @Activate
    public BudgetPolicy(@Reference GraphStore store, BudgetConfig config) {
        this(new BudgetLedger(store), new Limits(config), Clock.systemUTC());
    }

    BudgetPolicy(BudgetLedger ledger, Limits limits, Clock clock) {
        this.ledger = ledger;
        this.limits = limits;
        this.clock = clock;
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
        BudgetLedger.Outcome outcome = ledger.reserve(subject, limits.scopes(subject, clock.instant()), amount,
                clock.instant());
        if (outcome.granted()) {
            return PolicyDecision.allow(ID, VERSION);
        }
        String reason = "over budget: " + Limits.dollars(amount) + " USD estimated, but " + outcome.over().stream()
                .map(o -> o.scope() + " has " + Limits.dollars(Math.max(0, o.limitMicros() - o.usedMicros()))
                        + " of " + Limits.dollars(o.limitMicros()) + " USD left")
                .collect(Collectors.joining("; "));
        return limits.askApproval() ? PolicyDecision.requireApproval(ID, VERSION, reason)
                : PolicyDecision.deny(ID, VERSION, reason);
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
        List<Limits.Scope> scopes = limits.scopes(subject, at);
        Failsafe.with(SETTLE_RETRY).run(() -> ledger.settle(subject, scopes, ran, spent, at));
    }
}

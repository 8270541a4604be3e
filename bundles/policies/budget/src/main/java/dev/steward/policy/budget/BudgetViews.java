package dev.steward.policy.budget;

import java.time.LocalDate;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.steward.api.policy.BudgetUsage;
import dev.steward.api.policy.Budgets;
import dev.steward.spi.store.GraphStore;

/** The budgets' usage of a day, read from the store's budget scopes (for {@code steward:budgets} and REST). */
@Component
public final class BudgetViews implements Budgets {

    private final BudgetLedger ledger;

    /** @param store the store the budget scopes are kept in */
    @Activate
    public BudgetViews(@Reference GraphStore store) {
        this.ledger = new BudgetLedger(store, "view");
    }

    @Override
    public List<BudgetUsage> day(LocalDate day) {
        return ledger.usage(":" + day).entrySet().stream().map(e -> {
            long[] u = e.getValue(); // limit (negative: none), allotted, spent, unaccounted
            return new BudgetUsage(e.getKey(), u[0] < 0 ? null : Limits.usd(u[0]), Limits.usd(u[2]), Limits.usd(u[1]),
                    Limits.usd(u[3]));
        }).toList();
    }
}

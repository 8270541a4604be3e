package dev.steward.api.policy;

import java.time.LocalDate;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The cost budgets' usage, as the budget policy keeps it in the store; registered by the budget policy's bundle
 * ({@code steward-policy-budget}) while it runs.
 *
 * @since 1.3
 */
@ProviderType
public interface Budgets {

    /**
     * The budgets of one day (UTC) that steps used: the day's own and each agent's, by scope.
     *
     * @param day the day
     * @return the budgets, by scope; empty when no costed step ran that day
     */
    List<BudgetUsage> day(LocalDate day);
}

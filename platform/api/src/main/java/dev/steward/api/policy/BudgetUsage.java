package dev.steward.api.policy;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One cost budget of a day as the store keeps it: the day's own ({@code day:2026-11-30}) or an agent's day
 * ({@code agent:writer:2026-11-30}). Flow budgets are not kept in the store (the kernel counts what a flow spent).
 *
 * @param scope the budget's scope
 * @param limitUsd the limit, or {@code null} when the scope has none (its spend is still counted)
 * @param spentUsd the spend settled so far, the unaccounted part included
 * @param allottedUsd what running platform nodes hold for steps they may still run
 * @param unaccountedUsd the part of the spend counted for nodes that stopped while they held it (a crash)
 * @since 1.3
 */
public record BudgetUsage(String scope, BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal allottedUsd,
        BigDecimal unaccountedUsd) {

    /** Validates the fields. */
    public BudgetUsage {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(spentUsd, "spentUsd");
        Objects.requireNonNull(allottedUsd, "allottedUsd");
        Objects.requireNonNull(unaccountedUsd, "unaccountedUsd");
    }

    /**
     * What steps may still reserve: the limit less what is spent and what is allotted, never below zero.
     *
     * @return the amount left, or {@code null} when the scope has no limit
     */
    public BigDecimal leftUsd() {
        return limitUsd == null ? null : limitUsd.subtract(spentUsd).subtract(allottedUsd).max(BigDecimal.ZERO);
    }
}

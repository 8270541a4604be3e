package dev.steward.policy.budget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.policy.BudgetUsage;
import dev.steward.api.policy.Budgets;

/**
 * {@code steward:budgets [day]}: the day's budgets kept in the store (the day and each agent's day) with their limit,
 * spend, what running nodes hold allotted, and what was counted as spent for a node that crashed holding it.
 */
@Service
@Command(scope = "steward", name = "budgets", description = "Shows a day's cost budgets: limit, spent, allotted to "
        + "running nodes, counted for crashed ones, and what is left")
public class BudgetsCommand implements Action {

    @Reference
    Budgets budgets;

    @Argument(index = 0, name = "day", description = "The day, as 2026-11-30 (default: today in UTC)")
    String day;

    @Override
    public Object execute() {
        LocalDate date;
        try {
            date = day == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(day.strip());
        } catch (DateTimeParseException e) {
            System.err.println("Not a day: '" + day + "' (expected a date such as 2026-11-30)");
            return null;
        }
        List<BudgetUsage> usage = budgets.day(date);
        System.out.printf("%-40s %12s %12s %12s %12s %12s%n", "budget", "limit USD", "spent USD", "allotted USD",
                "unaccounted", "left USD");
        for (BudgetUsage u : usage) {
            System.out.printf("%-40s %12s %12s %12s %12s %12s%n", u.scope(), text(u.limitUsd(), "none"),
                    text(u.spentUsd(), ""), text(u.allottedUsd(), ""), text(u.unaccountedUsd(), ""),
                    text(u.leftUsd(), "-"));
        }
        if (usage.isEmpty()) {
            System.out.println("No budget was used on " + date + ".");
        }
        return null;
    }

    private static String text(BigDecimal usd, String none) {
        return usd == null ? none : usd.stripTrailingZeros().toPlainString();
    }
}

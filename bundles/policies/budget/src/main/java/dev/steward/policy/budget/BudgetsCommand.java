package dev.steward.policy.budget;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.spi.store.GraphStore;

/**
 * {@code steward:budgets [day]}: the day's budgets kept in the store (the day and each agent's day) with their limit,
 * spend, what running nodes hold allotted, and what was counted as spent for a node that crashed holding it.
 */
@Service
@Command(scope = "steward", name = "budgets", description = "Shows a day's cost budgets: limit, spent, allotted to "
        + "running nodes, counted for crashed ones, and what is left")
public class BudgetsCommand implements Action {

    @Reference
    GraphStore store;

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
        Map<String, long[]> usage = new BudgetLedger(store, "shell").usage(":" + date);
        System.out.printf("%-40s %12s %12s %12s %12s %12s%n", "budget", "limit USD", "spent USD", "allotted USD",
                "unaccounted", "left USD");
        for (Map.Entry<String, long[]> e : usage.entrySet()) {
            long[] u = e.getValue(); // limit, allotted, spent, unaccounted
            boolean limited = u[0] >= 0;
            System.out.printf("%-40s %12s %12s %12s %12s %12s%n", e.getKey(), limited ? Limits.dollars(u[0]) : "none",
                    Limits.dollars(u[2]), Limits.dollars(u[1]), Limits.dollars(u[3]),
                    limited ? Limits.dollars(Math.max(0, u[0] - u[1] - u[2])) : "-");
        }
        if (usage.isEmpty()) {
            System.out.println("No budget was used on " + date + ".");
        }
        return null;
    }
}

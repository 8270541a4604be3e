package dev.steward.rest.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

import dev.steward.api.policy.Budgets;
import dev.steward.rest.internal.Router.Call;

/**
 * {@code GET /budgets?day=}: a day's cost budgets (the day's own and each agent's) with limit, spend, allotted,
 * unaccounted and what is left, as {@code steward:budgets} shows them; by default today (UTC). The budget policy's
 * bundle offers them: without it, 503.
 */
final class BudgetResource {

    private final Json json;
    private final Supplier<Budgets> budgets;
    private final Clock clock;

    BudgetResource(Json json, Supplier<Budgets> budgets, Clock clock) {
        this.json = json;
        this.budgets = budgets;
        this.clock = clock;
    }

    void addTo(Router router) {
        router.add("GET", "/budgets", Role.VIEWER, this::day);
    }

    private ApiReply day(Call call) {
        String text = call.request().query().get("day");
        LocalDate day;
        try {
            day = text == null || text.isEmpty() ? LocalDate.now(clock) : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "day '" + text + "' is not a date such as 2026-11-30", "day");
        }
        Budgets service = budgets.get();
        if (service == null) {
            throw new ApiError(503, "no budgets: the budget policy is not installed (feature steward-policy-budget)");
        }
        return ApiReply.json(200, json.write(service.day(day)));
    }
}

package dev.steward.policy.budget;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the budgets, from {@code etc/dev.steward.policy.budget.cfg}. */
@ObjectClassDefinition(name = "Steward cost budgets", description = "What flows and agents may spend, reserved before each step")
public @interface BudgetConfig {

    @AttributeDefinition(description = "Most one flow may spend, in US dollars; negative: no limit")
    String flow_limit_usd() default "-1";

    @AttributeDefinition(description = "Most all flows together may spend in a day, in US dollars; negative: no limit")
    String day_limit_usd() default "-1";

    @AttributeDefinition(description = "Most one agent may spend in a day, as agent=dollars, comma-separated; "
            + "'*' sets the limit of every agent not named")
    String[] agent_limits_usd() default {};

    @AttributeDefinition(description = "What a step over budget does: 'deny' (it fails) or 'approval' (it waits for the operator)")
    String over_action() default "deny";

    @AttributeDefinition(description = "Time zone whose midnight starts a budget day, e.g. UTC or Europe/Paris")
    String zone() default "UTC";
}

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

    @AttributeDefinition(description = "Share of a limit, in percent (1 to 100), that a node takes from the store at "
            + "once to reserve steps from in memory; more: fewer store writes, less left to other nodes meanwhile")
    int allotment_percent() default 10;

    @AttributeDefinition(description = "Seconds after which the allotment of a node that stopped renewing it (it "
            + "crashed) is taken back and counted as spent")
    int allotment_ttl_seconds() default 60;
}

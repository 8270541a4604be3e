package dev.steward.policy.approval;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the approval gate, from {@code etc/dev.steward.policy.approval.cfg}. */
@ObjectClassDefinition(name = "Steward approval gate", description = "Which steps wait for the operator's decision")
@interface ApprovalGateConfig {

    @AttributeDefinition(description = "Capabilities whose steps always wait for a decision, comma-separated; "
            + "'mail.*' covers every capability that starts with 'mail.'")
    String[] capabilities() default {};

    @AttributeDefinition(description = "Input field holding an amount (of money, say)")
    String amount_field() default "amount";

    @AttributeDefinition(description = "A step whose amount is above this waits for a decision; negative: no limit")
    double amount_above() default -1;

    @AttributeDefinition(description = "A step waits when the lowest confidence the agents of the steps it depends on "
            + "stated is below this (0 to 1); negative: never")
    double confidence_below() default -1;

    @AttributeDefinition(description = "Agents whose steps always wait for a decision, comma-separated agent ids")
    String[] agents() default {};
}

package dev.steward.orchestration.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the choreographer, from {@code etc/dev.steward.orchestration.cfg}. */
@ObjectClassDefinition(name = "Steward choreographer", description = "Plans for goals, and their flows")
@interface OrchestrationConfig {

    @AttributeDefinition(description = "auto: ask the chat model when a chat backend is configured, else choose a "
            + "flow template; model; or template")
    String planner() default "auto";

    @AttributeDefinition(description = "How often an invalid plan goes back to the model with its problems")
    int repair_rounds() default 1;

    @AttributeDefinition(description = "How often a model call that no backend answered is made")
    int model_attempts() default 2;

    @AttributeDefinition(description = "The model tier asked for: cheap, standard or premium")
    String model_tier() default "standard";

    @AttributeDefinition(description = "The longest one model call may take, in seconds")
    int model_timeout_seconds() default 60;

    @AttributeDefinition(description = "The least cosine similarity of a template's description to the goal")
    double template_min_score() default 0.35;

    @AttributeDefinition(description = "Seconds a plan's flow definition may take to reach the kernel")
    int start_wait_seconds() default 10;
}

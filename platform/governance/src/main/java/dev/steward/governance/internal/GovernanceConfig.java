package dev.steward.governance.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the operator's metrics ({@code etc/dev.steward.governance.cfg}). */
@ObjectClassDefinition(name = "Steward operator metrics", description = "How the operator's metrics are computed")
@interface GovernanceConfig {

    String PID = "dev.steward.governance";

    @AttributeDefinition(description = "Time zone whose midnight starts a day of spend: the budget policy's zone")
    String zone() default "UTC";
}

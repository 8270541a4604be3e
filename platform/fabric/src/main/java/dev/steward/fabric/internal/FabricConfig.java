package dev.steward.fabric.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the integration fabric, from {@code etc/dev.steward.fabric.cfg}. */
@ObjectClassDefinition(name = "Steward integration fabric", description = "Durable idempotency and the exceptions inbox")
@interface FabricConfig {

    @AttributeDefinition(description = "Days an idempotency key is remembered; after that the same key is accepted again")
    int idempotency_horizon_days() default 30;

    @AttributeDefinition(description = "Minutes between two purges of expired idempotency keys")
    int idempotency_purge_minutes() default 60;
}

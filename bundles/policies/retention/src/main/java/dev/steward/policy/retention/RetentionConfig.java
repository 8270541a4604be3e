package dev.steward.policy.retention;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the retention rules, from {@code etc/dev.steward.policy.retention.cfg}. */
@ObjectClassDefinition(name = "Steward memory retention rules", description = "How long each kind of memory is kept")
public @interface RetentionConfig {

    @AttributeDefinition(description = "How long episodes of each kind are kept, as kind=ISO-8601 duration (P30D, PT12H), "
            + "comma-separated; '*' for every kind not named; a kind set to 'never' may not be stored at all")
    String[] episodes() default {};
}

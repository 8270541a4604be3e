package dev.steward.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the REST API, from {@code etc/dev.steward.rest.cfg}; every one has a default. */
@ObjectClassDefinition(name = "Steward REST API", description = "The platform's REST API under /steward/api/v1")
@interface RestConfig {

    /** The configuration PID. */
    String PID = "dev.steward.rest";

    @AttributeDefinition(description = "JAAS realm that checks HTTP Basic credentials")
    String realm() default "karaf";

    @AttributeDefinition(description = "Seconds a successful login is remembered (by a hash of the credentials), "
            + "so that clients do not pay a JAAS login per request; 0 checks every request")
    int login_cache_seconds() default 30;
}

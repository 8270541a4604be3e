package dev.steward.addons.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the add-on catalog, from {@code etc/dev.steward.addons.cfg}. */
@ObjectClassDefinition(name = "Steward add-on catalog", description = "Where the catalog of add-ons is read from")
@interface AddonsConfig {

    String PID = "dev.steward.addons";

    @AttributeDefinition(description = "The catalog: a file path (relative to the Karaf home) or an http(s) or file URL;"
            + " empty for the shipped etc/steward-addons.json")
    String catalog() default "";

    @AttributeDefinition(description = "Seconds to wait for a catalog or an artifact served over HTTP")
    int timeout_seconds() default 30;
}

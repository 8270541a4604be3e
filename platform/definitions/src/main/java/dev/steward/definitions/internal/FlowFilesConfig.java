package dev.steward.definitions.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the flow files, from {@code etc/dev.steward.definitions.cfg}. */
@ObjectClassDefinition(name = "Steward flow definitions", description = "Flow definitions read from YAML files")
@interface FlowFilesConfig {

    @AttributeDefinition(description = "Directory of the flow files (*.yaml, *.yml); empty: ${karaf.etc}/steward/flows; "
            + "a relative path is resolved against the Karaf base directory")
    String directory() default "";

    @AttributeDefinition(description = "Seconds between two reads of the directory")
    int poll_seconds() default 2;
}

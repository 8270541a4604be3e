package dev.steward.sample.sink;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the sample sink agent, from {@code etc/dev.steward.sample.sink.cfg}. */
@ObjectClassDefinition(name = "Steward sample sink", description = "Where the sample sink agent posts")
@interface SinkConfig {

    @AttributeDefinition(description = "HTTP endpoint that receives one POST per step (loopback in tests)")
    String url();

    @AttributeDefinition(description = "Milliseconds a POST may take")
    int timeout_ms() default 5000;
}

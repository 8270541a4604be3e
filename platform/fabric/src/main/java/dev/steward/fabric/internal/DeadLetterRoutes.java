package dev.steward.fabric.internal;

import java.time.Clock;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.steward.spi.store.GraphStore;

/**
 * Contributes the route behind {@value #ENDPOINT} to the platform's CamelContext: any route in that context
 * ends its dead-letter channel there ({@code errorHandler(deadLetterChannel(ENDPOINT).useOriginalMessage())})
 * and the message lands in the exceptions inbox.
 */
@Component(service = RoutesBuilder.class)
public final class DeadLetterRoutes extends RouteBuilder {

    /** The dead-letter channel of every connector route. */
    public static final String ENDPOINT = "direct:steward-dead-letters";
    static final String ROUTE_ID = "steward-fabric-dead-letters";

    private final DeadLetterInbox inbox;

    /** The direct component is published by its bundle as a service: wait for it rather than race it. */
    @Activate
    public DeadLetterRoutes(@Reference GraphStore store, @Reference(target = "(component=direct)") ComponentResolver direct) {
        this.inbox = new DeadLetterInbox(new DeadLetterStore(store), Clock.systemUTC());
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID).process(inbox);
    }
}

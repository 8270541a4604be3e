package dev.steward.sample.dedup;

import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Sample plugin: an inbox route that processes each message id once. Messages sent to {@value #INBOX} with a
 * {@value #MESSAGE_ID} header are acknowledged as {@code accepted:<id>}; a repeated id is answered
 * {@code duplicate:<id>} and goes no further. The ids are kept in the fabric's durable repository
 * {@value #REPOSITORY} (in the store, so a restart of the plugin or the platform forgets none of them).
 */
@Component(service = RoutesBuilder.class)
public final class DedupInboxRoutes extends RouteBuilder {

    static final String ROUTE_ID = "steward-sample-dedup";
    static final String INBOX = "direct:steward-sample-inbox";
    static final String MESSAGE_ID = "StewardMessageId";
    static final String REPOSITORY = "sample-dedup";

    private final IdempotentRepository repository;

    /** The direct component is published by its bundle as a service: wait for it rather than race it. */
    @Activate
    public DedupInboxRoutes(@Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this.repository = repositories.apply(REPOSITORY);
    }

    @Override
    public void configure() {
        from(INBOX).routeId(ROUTE_ID)
                .idempotentConsumer(header(MESSAGE_ID), repository).skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .setBody(simple("duplicate:${header." + MESSAGE_ID + "}"))
                        .otherwise()
                            .setBody(simple("accepted:${header." + MESSAGE_ID + "}"))
                    .end()
                .end();
    }
}

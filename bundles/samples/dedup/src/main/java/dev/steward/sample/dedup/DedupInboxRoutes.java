package dev.steward.sample.dedup;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Sample plugin: an inbox route that processes each message id once. Messages sent to {@value #INBOX} with a
 * {@value #MESSAGE_ID} header are acknowledged as {@code accepted:<id>}; a repeated id is answered
 * {@code duplicate:<id>} and goes no further. The repository is the in-memory one (it forgets on restart).
 */
@Component(service = RoutesBuilder.class)
public final class DedupInboxRoutes extends RouteBuilder {

    static final String ROUTE_ID = "steward-sample-dedup";
    static final String INBOX = "direct:steward-sample-inbox";
    static final String MESSAGE_ID = "StewardMessageId";
    private static final int REMEMBERED_IDS = 10_000;

    private final IdempotentRepository inMemoryRepository;

    /** The direct component is published by its bundle as a service: wait for it rather than race it. */
    @Activate
    public DedupInboxRoutes(@Reference(target = "(component=direct)") ComponentResolver direct) {
        this.inMemoryRepository = MemoryIdempotentRepository.memoryIdempotentRepository(REMEMBERED_IDS);
    }

    @Override
    public void configure() {
        from(INBOX).routeId(ROUTE_ID)
                .idempotentConsumer(header(MESSAGE_ID), inMemoryRepository).skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .setBody(simple("duplicate:${header." + MESSAGE_ID + "}"))
                        .otherwise()
                            .setBody(simple("accepted:${header." + MESSAGE_ID + "}"))
                    .end()
                .end();
    }
}

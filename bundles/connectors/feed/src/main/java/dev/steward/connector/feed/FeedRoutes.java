package dev.steward.connector.feed;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.status.Health;
import dev.steward.spi.status.HealthIndicator;
import dev.steward.spi.store.StoreUnavailableException;

/**
 * One polled feed. Route {@code steward-connector-feed-<name>} downloads the document on a timer, reads its items
 * and lets through only those the fabric's durable repository {@code feed-<name>} does not know; each is handed, as
 * a new exchange of its own, to route {@code steward-connector-feed-<name>-item}, which starts the flow with the
 * kernel's keyed start {@code feed-<name>:<item id>}. An item is remembered once its flow started or, after the
 * start kept failing, once the exceptions inbox holds it (a replay goes to the item route). A document that did not
 * come, was too large or was not a feed starts nothing; the feed's health says why and since when.
 */
@Component(service = {RoutesBuilder.class, HealthIndicator.class}, configurationPid = FeedSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FeedConfig.class, factory = true)
public final class FeedRoutes extends RouteBuilder implements HealthIndicator {

    /** Header naming the item (not a "key" header: the inbox keeps it). */
    static final String ITEM = "StewardFeedItem";
    private static final String READ = "StewardFeedItemsRead";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final Logger LOG = LoggerFactory.getLogger(FeedRoutes.class);

    private final FeedSettings feed;
    private final FlowService flows;
    private final IdempotentRepository seen;
    private final FeedFetcher fetcher;
    private final FeedHealth health;
    private volatile ProducerTemplate items;

    /** The timer and direct components are services published by their bundles: wait for them rather than race them. */
    @Activate
    public FeedRoutes(FeedConfig config, Map<String, Object> properties, @Reference FlowService flows,
            @Reference(target = "(component=timer)") ComponentResolver timer,
            @Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this(FeedSettings.of(config, properties), flows, repositories, Clock.systemUTC());
        LOG.info("Polling {}", feed);
    }

    /** @param repositories the fabric's durable repositories by name; this feed's is {@code feed-<name>} */
    FeedRoutes(FeedSettings feed, FlowService flows, Function<String, IdempotentRepository> repositories, Clock clock) {
        this.feed = feed;
        this.flows = flows;
        this.seen = repositories.apply(feed.repository());
        this.fetcher = new FeedFetcher(feed);
        this.health = new FeedHealth(feed, clock);
    }

    @Override
    public void configure() {
        // a start that fails is retried (not when the input or the definition is wrong), then kept in the inbox;
        // if the inbox cannot keep it, the item is not remembered and the next poll hands it over again
        errorHandler(deadLetterChannel("direct:steward-dead-letters")
                .deadLetterHandleNewException(false)
                .useOriginalMessage()
                .retryWhile(Retries.upTo(feed.redeliveries()))
                .redeliveryDelay(feed.redeliveryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(60_000)
                .allowRedeliveryWhileStopping(false)
                .retryAttemptedLogLevel(LoggingLevel.INFO)
                .logStackTrace(false).logRetryStackTrace(false).logExhaustedMessageHistory(false));
        items = getContext().createProducerTemplate();

        from(feed.pollUri()).routeId(feed.routeId())
                .errorHandler(defaultErrorHandler().logStackTrace(false).logExhausted(false))
                // what fails a poll, or one item of it, is reported by the feed's health, not thrown at the timer
                .onException(Exception.class).handled(true).process(this::failed).end()
                .process(this::read)
                .split(body(), AggregationStrategies.useOriginal(false))
                    .process(e -> e.getMessage().setHeader(ITEM, e.getMessage().getMandatoryBody(FeedItem.class).id()))
                    // remembered at the end of the block, when the item was started or held; not if it failed
                    .idempotentConsumer(header(ITEM), seen).eager(false).completionEager(true).removeOnFailure(false)
                        .process(this::handOver)
                    .end()
                .end()
                .process(e -> health.polled(e.getProperty(READ, -1, Integer.class)));

        from(feed.itemUri()).routeId(feed.routeId() + "-item")
                .process(this::startFlow);
    }

    private void read(Exchange exchange) {
        health.pollStarted();
        byte[] document = fetcher.fetch();
        List<FeedItem> found = document == null ? List.of() : FeedDocuments.read(document);
        exchange.setProperty(READ, document == null ? -1 : found.size());
        exchange.getMessage().setBody(found);
    }

    /** Sends the item to the item route as a new exchange, so that the inbox keeps the item route's input and a replay goes there. */
    private void handOver(Exchange exchange) throws Exception {
        FeedItem item = exchange.getMessage().getMandatoryBody(FeedItem.class);
        String json = JSON.writeValueAsString(item.input());
        Exchange done = items.send(feed.itemUri(), e -> {
            e.getMessage().setHeader(ITEM, item.id());
            e.getMessage().setBody(json);
        });
        if (done.getException() != null) {
            exchange.setException(done.getException());
        } else if (done.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
            health.itemHeld();
        }
    }

    private void startFlow(Exchange exchange) throws Exception {
        String item = exchange.getMessage().getHeader(ITEM, String.class);
        if (item == null || item.isBlank()) {
            throw new IllegalArgumentException("the message names no item (header " + ITEM + ")");
        }
        Map<String, Object> input = JSON.readValue(exchange.getMessage().getMandatoryBody(String.class), OBJECT);
        FlowInstance flow = flows.start(feed.flow(), input, feed.startKey(item));
        health.flowStarted();
        LOG.info("Feed {}: new item started flow {}", feed.name(), flow.id());
    }

    private void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean storeNotReady = false;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            storeNotReady |= t instanceof StoreUnavailableException;
        }
        String reason = cause instanceof FeedProblem ? cause.getMessage()
                : cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (exchange.getProperty(Exchange.SPLIT_INDEX) != null) {
            health.itemFailed(reason, storeNotReady);
        } else {
            health.failed(reason, storeNotReady);
        }
    }

    @Override
    public Health health() {
        return health.health();
    }

    /** The feed's settings (tests). */
    FeedSettings settings() {
        return feed;
    }

    @Deactivate
    void deactivate() {
        ProducerTemplate template = items;
        if (template != null) {
            template.stop();
        }
    }
}

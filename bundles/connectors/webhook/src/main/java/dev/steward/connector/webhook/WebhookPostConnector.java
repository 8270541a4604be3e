package dev.steward.connector.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.ComponentResolver;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.status.Health;
import dev.steward.spi.connector.OutboundConnector;
import dev.steward.spi.status.HealthIndicator;

/**
 * Delivers {@value #CAPABILITY} effects: the payload's {@code body} POSTed as JSON to its {@code url} (under an
 * allowed prefix) with the header {@code Idempotency-Key} set to the effect's key, so that the receiver can tell a
 * retry from a new request. Route {@value #ROUTE_ID} sends through Camel's circuit breaker (resilience4j), and
 * Camel's redelivery retries, with backoff, only what may pass: a 5xx answer, a timeout, a connection error. A 4xx
 * answer fails the step for good with the status and the receiver's reason, and does not count against the breaker,
 * whose state this component reports in the platform status.
 */
@Component(service = {OutboundConnector.class, RoutesBuilder.class, HealthIndicator.class}, configurationPid = PostSettings.PID)
@Designate(ocd = WebhookPostConfig.class)
public final class WebhookPostConnector extends RouteBuilder implements OutboundConnector, HealthIndicator {

    static final String CAPABILITY = "webhook.post";
    static final String ROUTE_ID = "steward-connector-webhook-post";
    static final String ENTRY = "direct:" + ROUTE_ID;
    private static final String BREAKER_ROUTE = "direct:" + ROUTE_ID + "-breaker";
    static final String BREAKER = "steward-connector-webhook-post-breaker";
    private static final String TARGET = "StewardWebhookTarget";
    private static final int REASON_MAX = 200;
    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor("webhook-post", "webhook",
            ConnectorDescriptor.Direction.OUTBOUND, List.of(CAPABILITY), false);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookPostConnector.class);

    private final PostSettings settings;
    private final CircuitBreaker breaker;
    private volatile ProducerTemplate template;
    private volatile CamelContext camel;

    /** The netty-http and direct components are services published by their bundles: wait for them rather than race them. */
    @Activate
    public WebhookPostConnector(WebhookPostConfig config,
            @Reference(target = "(component=netty-http)") ComponentResolver nettyHttp,
            @Reference(target = "(component=direct)") ComponentResolver direct) {
        this(PostSettings.of(config));
    }

    WebhookPostConnector(PostSettings settings) {
        this.settings = settings;
        this.breaker = CircuitBreaker.of(BREAKER, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(settings.breakerWindow())
                .waitDurationInOpenState(settings.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                // a refusal says the request is wrong, not that the receiver is unwell
                .ignoreException(WebhookPostConnector::refusal)
                .build());
        LOG.info("webhook.post: {} allowed URL prefix(es), {} retries", settings.allowed().size(), settings.retries());
    }

    @Override
    public void configure() {
        errorHandler(defaultErrorHandler()
                .retryWhile(Retries.whilst(exchange -> Retries.transientDelivery(Retries.failureOf(exchange))
                        && nextRedelivery(exchange) <= settings.retries()))
                .redeliveryDelay(settings.retryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(30_000)
                .allowRedeliveryWhileStopping(false)
                .retryAttemptedLogLevel(LoggingLevel.INFO)
                .logStackTrace(false).logRetryStackTrace(false).logExhausted(false));
        camel = getContext();
        camel.getRegistry().bind(BREAKER, CircuitBreaker.class, breaker);
        template = camel.createProducerTemplate();

        // redelivery resends to the breaker's route: Camel does not redeliver inside a circuit breaker, so each
        // attempt passes the breaker, and once it is open an attempt fails fast and is not retried
        from(ENTRY).routeId(ROUTE_ID)
                .to(BREAKER_ROUTE);

        from(BREAKER_ROUTE).routeId(ROUTE_ID + "-breaker")
                .errorHandler(noErrorHandler())
                .circuitBreaker().resilience4jConfiguration().circuitBreaker(BREAKER).throwExceptionWhenHalfOpenOrOpenState(true).end()
                    .toD("${exchangeProperty." + TARGET + "}")
                    .process(WebhookPostConnector::checkAnswer)
                .end();
    }

    /** Camel counts the redelivery it is about to make before it asks whether to make it (1 for the first). */
    private static int nextRedelivery(Exchange exchange) {
        Integer done = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        return done == null ? 0 : done;
    }

    private static void checkAnswer(Exchange exchange) throws Exception {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String reason = reason(exchange);
        if (status >= 400 && status < 500) {
            throw new PostRefused(status, reason);
        }
        throw new PostUnavailable(status, reason);
    }

    private static String reason(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > REASON_MAX ? text.substring(0, REASON_MAX) + "..." : text;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public EffectReceipt deliver(Effect effect) throws Exception {
        if (!CAPABILITY.equals(effect.capability())) {
            throw new PermanentStepFailure("the webhook connector delivers " + CAPABILITY + ", not " + effect.capability());
        }
        URI target;
        String json;
        try {
            target = settings.target(effect.payload().get("url"));
            json = DeliveryGate.JSON.writeValueAsString(effect.payload().getOrDefault("body", Map.of()));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PermanentStepFailure(e.getMessage());
        }
        ProducerTemplate producer = template;
        if (producer == null) {
            throw new IllegalStateException("the webhook.post route is not running yet");
        }
        Exchange done = producer.send(ENTRY, exchange -> {
            exchange.setProperty(TARGET, settings.endpointUri(target));
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("Idempotency-Key", effect.key().value());
            exchange.getMessage().setBody(json);
        });
        Throwable failure = done.getException();
        if (failure != null) {
            throw failed(failure, target);
        }
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", target.getHost());
        details.put("status", status);
        return new EffectReceipt(effect.key().value(), Instant.now(), details);
    }

    /** What the step sees: a permanent failure for a refusal, else a failure its retry policy may try again later. */
    private Exception failed(Throwable failure, URI target) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PostRefused refused) {
                return new PermanentStepFailure("webhook.post to " + target.getHost() + ": " + refused.getMessage());
            }
            if (Retries.isOpenBreaker(t)) {
                return new IllegalStateException("webhook.post circuit breaker is open after repeated failures; "
                        + "POSTs fail fast for up to " + settings.breakerOpen().toSeconds() + " s");
            }
        }
        return new IllegalStateException("webhook.post to " + target.getHost() + " failed: " + failure.getMessage(), failure);
    }

    private static boolean refusal(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PostRefused) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Health health() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("breaker", breaker.getState().name());
        details.put("failureRate", m.getFailureRate() < 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.0f%%", m.getFailureRate()));
        details.put("calls", Integer.toString(m.getNumberOfBufferedCalls()));
        details.put("failedCalls", Integer.toString(m.getNumberOfFailedCalls()));
        details.put("notPermittedCalls", Long.toString(m.getNumberOfNotPermittedCalls()));
        details.put("allowedUrlPrefixes", Integer.toString(settings.allowed().size()));
        String name = "connector " + CAPABILITY;
        return switch (breaker.getState()) {
            case CLOSED, DISABLED -> Health.up(name, settings.allowed().isEmpty()
                    ? "no allowed.urls configured: every webhook.post is refused" : "circuit breaker closed", details);
            case HALF_OPEN -> Health.degraded(name, "circuit breaker half open: a trial POST decides", details);
            default -> Health.degraded(name, "circuit breaker " + breaker.getState().name().toLowerCase(java.util.Locale.ROOT)
                    + " after repeated failures: POSTs fail fast", details);
        };
    }

    /** The breaker's state (tests). */
    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    /** Stops the template and unbinds the breaker, which would otherwise keep this bundle's classes in the registry. */
    @Deactivate
    void deactivate() {
        ProducerTemplate producer = template;
        if (producer != null) {
            producer.stop();
        }
        CamelContext context = camel;
        if (context != null) {
            context.getRegistry().unbind(BREAKER);
        }
    }
}

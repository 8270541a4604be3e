package dev.steward.connector.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
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

/**
 * One inbound hook. Route {@code steward-connector-webhook-<name>} listens on camel-netty-http and lets the
 * {@link DeliveryGate} refuse what is too large, unauthenticated or not JSON. An accepted delivery is handed, as a
 * new exchange, to route {@code steward-connector-webhook-<name>-accepted}: its durable idempotent consumer (the
 * fabric's repository {@code webhook-<name>}, keyed by the delivery id) answers a known delivery without touching
 * the kernel, and a new one starts the flow with the kernel's keyed start, so that even a delivery handled again
 * after a crash starts no second flow. A start that keeps failing ends in the exceptions inbox, from where the
 * operator replays it into the accepted route; the sender is told the delivery is held.
 */
@Component(service = RoutesBuilder.class, configurationPid = HookSettings.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookConfig.class, factory = true)
public final class WebhookRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final HookSettings hook;
    private final FlowService flows;
    private final IdempotentRepository seen;
    private volatile ProducerTemplate accepted;

    /** The netty-http and direct components are services published by their bundles: wait for them rather than race them. */
    @Activate
    public WebhookRoutes(WebhookConfig config, Map<String, Object> properties, @Reference FlowService flows,
            @Reference(target = "(component=netty-http)") ComponentResolver nettyHttp,
            @Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this(HookSettings.of(config, properties), flows, repositories);
        LOG.info("Webhook {}", hook);
    }

    /** @param repositories the fabric's durable repositories by name; this hook's is {@code webhook-<name>} */
    WebhookRoutes(HookSettings hook, FlowService flows, Function<String, IdempotentRepository> repositories) {
        this.hook = hook;
        this.flows = flows;
        this.seen = repositories.apply("webhook-" + hook.name());
    }

    @Override
    public void configure() {
        // a start that fails is retried (not when the input or the definition is wrong), then kept in the inbox
        errorHandler(deadLetterChannel("direct:steward-dead-letters")
                // if the inbox cannot keep it, the exchange fails and the sender is answered 500 (and sends it again)
                .deadLetterHandleNewException(false)
                .useOriginalMessage()
                .retryWhile(Retries.whilst(exchange -> Retries.again(exchange, hook.redeliveries())))
                .redeliveryDelay(hook.redeliveryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(30_000)
                .retryAttemptedLogLevel(LoggingLevel.INFO)
                .logStackTrace(false).logRetryStackTrace(false).logExhaustedMessageHistory(false));
        accepted = getContext().createProducerTemplate();

        from(hook.consumerUri()).routeId(hook.routeId())
                .errorHandler(defaultErrorHandler().logStackTrace(false))
                .process(new DeliveryGate(hook))
                .filter(exchangeProperty(DeliveryGate.REFUSED).isNull())
                    .process(this::handOver)
                .end();

        from(hook.acceptUri()).routeId(hook.routeId() + "-accepted")
                .idempotentConsumer(header(DeliveryGate.DELIVERY), seen).eager(false).skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .process(e -> Responses.json(e.getMessage(), 200, Map.of("status", "duplicate",
                                    "delivery", e.getMessage().getHeader(DeliveryGate.DELIVERY, String.class))))
                        .otherwise()
                            .process(this::startFlow)
                    .end()
                .end();
    }

    /**
     * Sends the accepted delivery to the accepted route as a new exchange, so that the inbox keeps that route's input
     * (the JSON and the delivery id) and a replay goes there, not to the HTTP listener.
     */
    private void handOver(Exchange exchange) {
        String delivery = exchange.getMessage().getHeader(DeliveryGate.DELIVERY, String.class);
        Exchange done = accepted.send(hook.acceptUri(), e -> {
            e.getMessage().setHeader(DeliveryGate.DELIVERY, delivery);
            e.getMessage().setBody(exchange.getMessage().getBody(String.class));
        });
        if (done.getException() != null) {
            // the inbox could not keep it: the sender must try again
            exchange.setException(done.getException());
            return;
        }
        Throwable held = done.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (held != null) {
            Responses.json(exchange.getMessage(), 202, Map.of("status", "held", "delivery", delivery,
                    "reason", "the flow could not be started; the delivery is kept in the exceptions inbox"));
            return;
        }
        exchange.getMessage().setHeaders(done.getMessage().getHeaders());
        exchange.getMessage().setBody(done.getMessage().getBody());
    }

    private void startFlow(Exchange exchange) throws Exception {
        String delivery = exchange.getMessage().getHeader(DeliveryGate.DELIVERY, String.class);
        String body = exchange.getMessage().getMandatoryBody(String.class);
        Map<String, Object> input = hook.inputField().isEmpty() ? DeliveryGate.JSON.readValue(body, OBJECT)
                : Map.of(hook.inputField(), DeliveryGate.JSON.readValue(body, Object.class));
        FlowInstance flow = flows.start(hook.flow(), input, hook.startKey(delivery));
        LOG.info("Hook {}: delivery started flow {}", hook.name(), flow.id());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "started");
        answer.put("delivery", delivery);
        answer.put("flowId", flow.id());
        Responses.json(exchange.getMessage(), 202, answer);
    }

    @Deactivate
    void deactivate() {
        ProducerTemplate template = accepted;
        if (template != null) {
            template.stop();
        }
    }
}

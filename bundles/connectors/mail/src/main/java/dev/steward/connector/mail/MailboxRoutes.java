package dev.steward.connector.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ExpressionAdapter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;

/**
 * One mailbox. Outbound, route {@code steward-connector-mail-<name>-send} sends a {@code mail.send} effect's mail by
 * SMTP unless its key is in the fabric's durable repository {@code mail-sent-<name>} (added once the server took the
 * mail). Inbound, route {@code steward-connector-mail-<name>} polls the IMAP folder for unseen messages, reads each one
 * and hands it, as a new exchange, to route {@code steward-connector-mail-<name>-received}: its durable idempotent
 * consumer (repository {@code mail-<name>}, keyed by Message-ID) drops a known message, and a new one starts the flow
 * with the kernel's keyed start. A refused message, or a start that keeps failing, ends in the exceptions inbox, from
 * where a replay goes back into the received route. The IMAP server marks a handled message seen; it stays there.
 */
@Component(service = {RoutesBuilder.class, Mailbox.class}, configurationPid = MailboxSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MailboxConfig.class, factory = true)
public final class MailboxRoutes extends RouteBuilder implements Mailbox {

    /** Header of a received message: its Message-ID. */
    static final String MESSAGE_ID = "StewardMailMessageId";
    /** Header of a received message that cannot start a flow: why. */
    static final String REFUSED = "StewardMailRefused";
    private static final String EFFECT = "StewardMailEffect";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final Logger LOG = LoggerFactory.getLogger(MailboxRoutes.class);

    private final MailboxSettings settings;
    private final FlowService flows;
    private final IdempotentRepository received;
    private final IdempotentRepository sent;
    private final DefaultJavaMailSender smtp;
    private final SendBreaker breaker;
    private volatile ProducerTemplate template;

    /** The mail and direct components are services published by their bundles: wait for them rather than race them. */
    @Activate
    public MailboxRoutes(MailboxConfig config, Map<String, Object> properties, @Reference FlowService flows,
            @Reference(target = "(component=smtp)") ComponentResolver smtp,
            @Reference(target = "(component=imap)") ComponentResolver imap,
            @Reference(target = "(component=direct)") ComponentResolver direct,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this(MailboxSettings.of(config, properties), flows, repositories);
    }

    /** @param repositories the fabric's durable repositories by name */
    MailboxRoutes(MailboxSettings settings, FlowService flows, Function<String, IdempotentRepository> repositories) {
        this.settings = settings;
        this.flows = flows;
        this.received = repositories.apply("mail-" + settings.name());
        this.sent = repositories.apply("mail-sent-" + settings.name());
        this.smtp = settings.sends() ? AngusLoader.smtpSender(settings.smtp()) : null;
        this.breaker = new SendBreaker(settings.name());
        LOG.info("Mail {}", settings);
    }

    @Override
    public void configure() {
        // a start that fails is retried (not a refused message or a wrong input or definition), then kept in the inbox
        errorHandler(deadLetterChannel("direct:steward-dead-letters")
                .deadLetterHandleNewException(false)
                .useOriginalMessage()
                .retryWhile(new ExpressionAdapter() {
                    @Override
                    public Object evaluate(Exchange exchange) {
                        return retry(exchange);
                    }
                })
                .redeliveryDelay(settings.redeliveryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(30_000)
                .retryAttemptedLogLevel(LoggingLevel.INFO)
                .logStackTrace(false).logRetryStackTrace(false).logExhaustedMessageHistory(false));
        template = getContext().createProducerTemplate();
        if (settings.sends()) {
            configureSend();
        }
        if (settings.polls()) {
            configurePoll();
        }
    }

    private void configureSend() {
        // the login and STARTTLS travel in the sender's session, never in the endpoint URI
        MailEndpoint endpoint = getContext().getEndpoint("smtp://" + settings.smtp().host() + ":" + settings.smtp().port()
                + (settings.smtp().authenticates() ? user(settings.smtp()) : ""), MailEndpoint.class);
        endpoint.getConfiguration().setJavaMailSender(smtp);
        breaker.bind(getContext());
        // a failed send goes back to the outbox, which tries again with backoff; non-eager: the key is added once sent
        from(settings.sendUri()).routeId(settings.routeId() + "-send")
                .errorHandler(noErrorHandler())
                .idempotentConsumer(exchangeProperty(EFFECT), sent).eager(false).skipDuplicate(false)
                    .filter(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isNotEqualTo(true))
                        .circuitBreaker().resilience4jConfiguration().circuitBreaker(breaker.name())
                                .throwExceptionWhenHalfOpenOrOpenState(true).end()
                            .to(endpoint)
                        .end()
                    .end()
                .end();
    }

    private void configurePoll() {
        MailServer imap = settings.imap();
        MailEndpoint endpoint = getContext().getEndpoint("imap://" + imap.host() + ":" + imap.port() + user(imap)
                + "&folderName=" + encode(settings.folder()) + "&unseen=true&delete=false&peek=true&mapMailMessage=false"
                + "&maxMessagesPerPoll=100&delay=" + settings.poll().toMillis(), MailEndpoint.class);
        // the consumer makes its own sender from the configuration: give it a session made with Angus's loader (else
        // it makes one with the CamelContext's loader, which inside Karaf finds no Jakarta Mail implementation)
        endpoint.getConfiguration().setSession(AngusLoader.session("imap", imap));
        endpoint.getConfiguration().setPassword(imap.password());
        endpoint.setPollStrategy(new AngusLoader.PollStrategy());

        // a message the inbox could not keep fails here: it is not marked seen and the next poll reads it again
        from(endpoint).routeId(settings.routeId())
                .errorHandler(defaultErrorHandler().logStackTrace(false))
                .process(this::handOver);

        from(settings.receivedUri()).routeId(settings.routeId() + "-received")
                .idempotentConsumer(header(MESSAGE_ID), received).eager(false)
                    .process(this::startFlow)
                .end();
    }

    /**
     * Reads the message and sends it to the received route as a new exchange, so that the inbox keeps that route's
     * input (the flow input as JSON and the Message-ID) and a replay goes there, not to the IMAP consumer.
     */
    private void handOver(Exchange exchange) throws Exception {
        InboundMail.Read read = InboundMail.read(exchange.getIn(MailMessage.class).getOriginalMessage(), settings.name(),
                settings.maxMessageBytes());
        String json = JSON.writeValueAsString(read.input());
        Exchange done = template.send(settings.receivedUri(), e -> {
            e.getMessage().setHeader(MESSAGE_ID, read.messageId());
            if (read.refusal() != null) {
                e.getMessage().setHeader(REFUSED, read.refusal());
            }
            e.getMessage().setBody(json);
        });
        if (done.getException() != null) {
            exchange.setException(done.getException());
        }
    }

    private void startFlow(Exchange exchange) throws Exception {
        String messageId = exchange.getMessage().getHeader(MESSAGE_ID, String.class);
        String refused = exchange.getMessage().getHeader(REFUSED, String.class);
        if (refused != null) {
            LOG.info("Mailbox {}: message {} refused: {}", settings.name(), messageId, refused);
            throw new MessageRefused(refused);
        }
        Map<String, Object> input = JSON.readValue(exchange.getMessage().getMandatoryBody(String.class), OBJECT);
        FlowInstance flow = flows.start(settings.flow(), input, settings.startKey(messageId));
        LOG.info("Mailbox {}: message {} started flow {}", settings.name(), messageId, flow.id());
    }

    /** Camel counts the redelivery it is about to make before it asks (1 for the first). */
    private boolean retry(Exchange exchange) {
        Integer next = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (next != null && next > settings.redeliveries()) {
            return false;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof JsonProcessingException) {
                return false;
            }
        }
        return failure != null;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public boolean sends() {
        return settings.sends();
    }

    @Override
    public String breaker() {
        return breaker.state();
    }

    @Override
    public EffectReceipt send(Effect effect) throws Exception {
        ProducerTemplate producer = template;
        if (!settings.sends() || producer == null) {
            throw new IllegalStateException("mailbox " + settings.name() + (settings.sends() ? " is not running yet" : " does not send: set from"));
        }
        MimeMessage mail = OutboundMail.compose(smtp.getSession(), settings.from(), effect);
        String messageId = OutboundMail.messageId(effect.key().value());
        Exchange done = producer.send(settings.sendUri(), e -> {
            e.setProperty(EFFECT, effect.key().value());
            e.getMessage().setBody(mail);
        });
        if (done.getException() != null && SendBreaker.refused(done.getException())) {
            throw new IllegalStateException("mail.send from mailbox " + settings.name() + ": circuit breaker open after "
                    + "repeated failures; sends fail fast for up to " + SendBreaker.OPEN.toSeconds() + " s");
        }
        if (done.getException() != null) {
            throw OutboundMail.classify(done.getException(), settings.name());
        }
        boolean duplicate = Boolean.TRUE.equals(done.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));
        LOG.info("Mailbox {}: mail.send {} {}", settings.name(), effect.key().value(), duplicate ? "was sent before" : "sent");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mailbox", settings.name());
        details.put("messageId", messageId);
        details.put("alreadySent", duplicate);
        return new EffectReceipt(messageId, Instant.now(), details);
    }

    private static String user(MailServer server) {
        return "?username=" + encode(server.username());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Deactivate
    void deactivate() {
        ProducerTemplate producer = template;
        if (producer != null) {
            producer.stop();
            breaker.unbind(getContext());
        }
    }
}

package dev.steward.notify.mail;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.IdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowService;

/**
 * Mails the operator once about every step held for a decision. Route {@value #ROUTE_ID} reads the open
 * escalations every {@code poll.seconds}, splits them, lets each one pass only if its key
 * {@code escalation:<flowId>/<stepId>} is not yet in the fabric's durable repository {@value #REPOSITORY}, and
 * sends it by SMTP. The key is stored only once the server accepted the mail (a non-eager idempotent consumer):
 * a send that failed after its retries leaves the escalation unmarked, and the next poll tries it again.
 */
@Component(service = RoutesBuilder.class, configurationPid = MailSettings.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EscalationMailConfig.class)
public final class EscalationMailRoutes extends RouteBuilder {

    static final String ROUTE_ID = "steward-notify-mail";
    static final String REPOSITORY = "notify-mail";
    /** Exchange property (not a header, so that it does not become a mail header) holding the idempotency key. */
    static final String KEY = "StewardEscalationKey";
    private static final Logger LOG = LoggerFactory.getLogger(EscalationMailRoutes.class);

    private final MailSettings settings;
    private final FlowService flows;
    private final IdempotentRepository notified;
    private final AngusMail.Sender sender;
    private final AtomicLong failedPolls = new AtomicLong();

    /** The timer and smtp components are published by their bundles as services: wait for them rather than race them. */
    @Activate
    public EscalationMailRoutes(EscalationMailConfig config, @Reference FlowService flows,
            @Reference(target = "(component=timer)") ComponentResolver timer,
            @Reference(target = "(component=smtp)") ComponentResolver smtp,
            @Reference(target = "(steward.fabric=idempotent-repositories)") Function<String, IdempotentRepository> repositories) {
        this(MailSettings.of(config), flows, repositories.apply(REPOSITORY));
    }

    EscalationMailRoutes(MailSettings settings, FlowService flows, IdempotentRepository notified) {
        this.settings = settings;
        this.flows = flows;
        this.notified = notified;
        this.sender = SmtpSender.create(settings);
        LOG.info("Escalation mail: {}", settings);
    }

    @Override
    public void configure() {
        // a send the server did not take is retried within the poll, with doubling delays; no retries while the route
        // is being removed. (Not onException(MessagingException.class): the platform context resolves exception classes
        // by name through its own bundle, which does not see Jakarta Mail.) Reading the escalations does not throw.
        errorHandler(defaultErrorHandler()
                .maximumRedeliveries(settings.redeliveries())
                .redeliveryDelay(settings.redeliveryDelay().toMillis())
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(60_000)
                .allowRedeliveryWhileStopping(false)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logStackTrace(false).logRetryStackTrace(false).logExhaustedMessageHistory(false));

        // the login and the STARTTLS settings travel in the session and the sender, never in the endpoint URI
        MailEndpoint smtp = getContext().getEndpoint("smtp://" + settings.host() + ":" + settings.port(), MailEndpoint.class);
        smtp.getConfiguration().setJavaMailSender(sender);
        smtp.setBinding(new AngusMail.Binding());

        long poll = settings.poll().toMillis();
        from("timer:" + ROUTE_ID + "?delay=" + poll + "&period=" + poll).routeId(ROUTE_ID)
                .process(this::openEscalations)
                // one escalation's failed send is reported by the error handler and does not fail the others or the poll
                .split(body(), AggregationStrategies.useOriginal(false))
                    // non-eager: the key is added when the mail went out, so a failed send has nothing to remove; and
                    // it must not remove a key that another node (or a route being replaced) added meanwhile
                    .process(this::keyOf)
                    .idempotentConsumer(exchangeProperty(KEY), notified).eager(false).removeOnFailure(false)
                        .process(this::render)
                        .to(smtp)
                        .process(this::sent)
                    .end()
                .end();
    }

    private void openEscalations(Exchange exchange) {
        List<Escalation> open;
        try {
            open = flows.escalations();
        } catch (RuntimeException e) {
            // the store may not be up yet (boot) or be down: the next poll reads them again
            LOG.warn("Open escalations not read ({} time(s) so far), next try in {}: {}", failedPolls.incrementAndGet(),
                    settings.poll(), e.toString());
            open = List.of();
        }
        exchange.getMessage().setBody(open);
    }

    private void keyOf(Exchange exchange) throws Exception {
        exchange.setProperty(KEY, EscalationMail.idempotencyKey(exchange.getMessage().getMandatoryBody(Escalation.class)));
    }

    private void render(Exchange exchange) throws Exception {
        Escalation escalation = exchange.getMessage().getMandatoryBody(Escalation.class);
        var mail = exchange.getMessage();
        mail.removeHeaders("*");
        mail.setHeader("From", settings.from());
        mail.setHeader("To", settings.to());
        mail.setHeader("Subject", EscalationMail.subject(escalation));
        // the mail sender keeps a Message-ID that is set: a resend after a crash is recognizably the same mail
        mail.setHeader("Message-ID", EscalationMail.messageId(escalation));
        mail.setHeader("Auto-Submitted", "auto-generated");
        mail.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        mail.setBody(EscalationMail.body(escalation));
    }

    private void sent(Exchange exchange) {
        LOG.info("Operator notified by mail of {}", exchange.getProperty(KEY));
    }
}

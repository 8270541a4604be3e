package dev.steward.connector.mail;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.status.Health;
import dev.steward.spi.connector.OutboundConnector;
import dev.steward.spi.status.HealthIndicator;

/**
 * Delivers {@value #CAPABILITY} effects through the configured mailboxes: the one the payload field {@code mailbox}
 * names, or, without that field, the only mailbox that sends. It is registered while at least one mailbox is
 * configured, so that effects wait in the outbox (not counted as attempts) until one is.
 */
@Component(service = {OutboundConnector.class, HealthIndicator.class})
public final class MailSendConnector implements OutboundConnector, HealthIndicator {

    static final String CAPABILITY = "mail.send";
    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor("mail-send", "mail",
            ConnectorDescriptor.Direction.OUTBOUND, List.of(CAPABILITY), false);

    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC)
    void bindMailbox(Mailbox mailbox) {
        mailboxes.put(mailbox.name(), mailbox);
    }

    void unbindMailbox(Mailbox mailbox) {
        mailboxes.remove(mailbox.name(), mailbox);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public EffectReceipt deliver(Effect effect) throws Exception {
        if (!CAPABILITY.equals(effect.capability())) {
            throw new PermanentStepFailure("the mail connector delivers " + CAPABILITY + ", not " + effect.capability());
        }
        return mailbox(effect.payload().get("mailbox")).send(effect);
    }

    /** @throws IllegalStateException when the mailbox may still come (configured later): the outbox tries again */
    private Mailbox mailbox(Object named) throws PermanentStepFailure {
        if (named != null && !(named instanceof String)) {
            throw new PermanentStepFailure("mail.send payload field mailbox must be a mailbox name");
        }
        if (named != null) {
            Mailbox mailbox = mailboxes.get(named);
            if (mailbox == null) {
                throw new IllegalStateException("mail.send names mailbox " + named + ", which is not configured: write etc/"
                        + MailboxSettings.PID + "-" + named + ".cfg");
            }
            return mailbox;
        }
        List<Mailbox> sending = mailboxes.values().stream().filter(Mailbox::sends).collect(Collectors.toList());
        if (sending.size() == 1) {
            return sending.get(0);
        }
        if (sending.isEmpty()) {
            throw new IllegalStateException("mail.send: no mailbox sends; set from in a mailbox's configuration");
        }
        throw new PermanentStepFailure("mail.send must name its mailbox (payload field mailbox): " + sending.size()
                + " mailboxes send: " + names(sending));
    }

    private static String names(List<Mailbox> boxes) {
        return boxes.stream().map(Mailbox::name).sorted().collect(Collectors.joining(", "));
    }

    @Override
    public Health health() {
        Map<String, String> details = new TreeMap<>();
        mailboxes.values().forEach(m -> details.put(m.name(), m.sends() ? "sends, circuit breaker " + m.breaker()
                : "receives only"));
        List<String> open = mailboxes.values().stream().filter(m -> m.sends() && !m.breaker().equals("CLOSED"))
                .map(Mailbox::name).sorted().toList();
        return open.isEmpty() ? Health.up("connector " + CAPABILITY, mailboxes.size() + " mailbox(es)", details)
                : Health.degraded("connector " + CAPABILITY, "circuit breaker not closed for mailbox(es) " + open
                        + ": their sends fail fast", details);
    }
}

package dev.steward.connector.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.fabric.internal.DeadLetterRoutes;
import dev.steward.fabric.internal.DeadLetterViews;
import dev.steward.fabric.internal.DeadLetters;
import dev.steward.fabric.internal.Neo4jIdempotentRepository;
import dev.steward.store.testing.EmbeddedTestStore;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * The mailbox on the fabric it runs on in the platform: the durable idempotent repositories and the exceptions inbox
 * on a real Neo4j, GreenMail's SMTP and IMAP on loopback. A key is sent once and a message starts one flow, also
 * across a restarted CamelContext; a refused message and a failed start are kept in the inbox with their reason.
 */
@Timeout(180)
class MailIT {

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    private final KeyedFlows flows = new KeyedFlows();
    private GreenMail mail;
    private MailboxSettings settings;
    private DefaultCamelContext camel;
    private MailboxRoutes mailbox;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "IdempotencyKey", "DeadLetter");
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() {
        testStore.clear();
        mail = Mailboxes.server();
        settings = Mailboxes.mailbox("office", mail, 4096);
    }

    /** A new CamelContext with the fabric's inbox route and the mailbox, as the platform runs them (a restart). */
    private void startContext() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new DeadLetterRoutes(testStore.store(), null));
        mailbox = new MailboxRoutes(settings, flows.service, MailIT::repository);
        camel.addRoutes(mailbox);
        camel.start();
    }

    private static Neo4jIdempotentRepository repository(String name) {
        return new Neo4jIdempotentRepository(testStore.store(), name, Duration.ofDays(30), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        mail.stop();
    }

    @Test
    void aKeyDeliveredTwiceSendsOneMailAlsoAfterARestart() throws Exception {
        startContext();
        MailSendConnector connector = new MailSendConnector();
        connector.bindMailbox(mailbox);
        Map<String, Object> payload = Map.of("to", "ada@example.org", "subject", "Quote", "text", "Here is the quote.");
        EffectReceipt first = connector.deliver(Mailboxes.effect("f-1:reply#1", payload));
        EffectReceipt second = connector.deliver(Mailboxes.effect("f-1:reply#1", payload));
        assertEquals(OutboundMail.messageId("f-1:reply#1"), first.externalId());
        assertEquals(first.externalId(), second.externalId());
        assertTrue(repository("mail-sent-office").contains("f-1:reply#1"), "the sent key is in the store");

        camel.stop();
        startContext();
        connector.unbindMailbox(mailbox);
        connector.bindMailbox(mailbox);
        assertEquals(true, connector.deliver(Mailboxes.effect("f-1:reply#1", payload)).details().get("alreadySent"));
        connector.deliver(Mailboxes.effect("f-2:reply#1", payload));
        assertTrue(mail.waitForIncomingEmail(Mailboxes.WAIT.toMillis(), 2));
        assertEquals(2, mail.getReceivedMessages().length, "one mail per key");
        assertEquals(List.of(OutboundMail.messageId("f-1:reply#1"), OutboundMail.messageId("f-2:reply#1")).stream().sorted().toList(),
                java.util.Arrays.stream(mail.getReceivedMessages()).map(MailIT::messageId).sorted().toList());
    }

    @Test
    void aMessageStartsOneFlowAndARestartedRouteDoesNotStartItAgain() throws Exception {
        Mailboxes.deliver(mail, Mailboxes.plain("<m-1@example.org>", "Quote request", "Please send a quote."));
        startContext();
        Mailboxes.await("the flow started", () -> flows.byKey.containsKey("mail-office:<m-1@example.org>"));
        EmbeddedTestStore.await("the message remembered", Mailboxes.WAIT, () -> repository("mail-office").contains("<m-1@example.org>"));
        camel.stop();

        // as after a crash between the start and the SEEN flag: the server offers the message again
        Mailboxes.markAllUnseen(mail);
        startContext();
        Mailboxes.deliver(mail, Mailboxes.plain("<m-2@example.org>", "Another", "A second request."));
        Mailboxes.await("the second message's flow", () -> flows.byKey.containsKey("mail-office:<m-2@example.org>"));
        assertEquals(1, flows.startsOf("mail-office:<m-1@example.org>"), "the first message started one flow");
        assertEquals(2, flows.startCalls.size());
    }

    @Test
    void anOversizedMessageIsKeptInTheInboxWithItsReason() throws Exception {
        Mailboxes.deliver(mail, Mailboxes.plain("<big@example.org>", "Big", "x".repeat(5000)));
        startContext();
        ExceptionsInbox inbox = new DeadLetterViews(new DeadLetters(testStore.store(), camel));
        EmbeddedTestStore.await("a letter", Mailboxes.WAIT, () -> !inbox.list(null, 10).isEmpty());
        DeadLetterView letter = inbox.list(null, 10).get(0);
        assertEquals("steward-connector-mail-office-received", letter.route());
        assertEquals("direct://steward-connector-mail-office-received", letter.endpoint());
        assertTrue(letter.reason().contains("exceeds max.message.bytes 4096"), letter.reason());
        assertEquals("<big@example.org>", letter.headers().get(MailboxRoutes.MESSAGE_ID));
        assertTrue(letter.payload().contains("\"subject\":\"Big\""), letter.payload());
        assertEquals(List.of(), flows.startCalls);
        assertFalse(repository("mail-office").contains("<big@example.org>"));
    }

    @Test
    void aFailedStartIsHeldInTheInboxAndReplayedAfterTheFix() throws Exception {
        flows.failure = new IllegalStateException("store unavailable (scripted)");
        Mailboxes.deliver(mail, Mailboxes.plain("<m-7@example.org>", "Held", "Hold me."));
        startContext();
        ExceptionsInbox inbox = new DeadLetterViews(new DeadLetters(testStore.store(), camel));
        EmbeddedTestStore.await("a letter", Mailboxes.WAIT, () -> !inbox.list(null, 10).isEmpty());
        DeadLetterView letter = inbox.list(null, 10).get(0);
        assertEquals("store unavailable (scripted)", letter.reason());
        assertEquals("<m-7@example.org>", letter.headers().get(MailboxRoutes.MESSAGE_ID));
        assertTrue(flows.byKey.isEmpty());

        flows.failure = null;
        assertEquals("REPLAYED", inbox.replay(letter.id()).status());
        assertTrue(flows.byKey.containsKey("mail-office:<m-7@example.org>"));
        assertEquals("Hold me.", ((String) flows.byKey.get("mail-office:<m-7@example.org>").input().get("text")).strip());
        assertTrue(repository("mail-office").contains("<m-7@example.org>"));
    }

    private static String messageId(jakarta.mail.internet.MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

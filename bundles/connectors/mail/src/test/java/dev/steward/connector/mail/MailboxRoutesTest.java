package dev.steward.connector.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.icegreen.greenmail.util.GreenMail;

import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * The mailbox's routes against GreenMail (SMTP and IMAP on loopback): mail.send with its Message-ID from the key and
 * once per key; new IMAP messages starting a flow once; refused messages and failing starts in the dead-letter channel.
 */
@Timeout(120)
class MailboxRoutesTest {

    private final KeyedFlows flows = new KeyedFlows();
    private final Map<String, IdempotentRepository> repositories = new ConcurrentHashMap<>();
    private final List<Exchange> deadLetters = new CopyOnWriteArrayList<>();
    private GreenMail mail;
    private DefaultCamelContext camel;
    private MailboxRoutes mailbox;

    @BeforeEach
    void start() throws Exception {
        mail = Mailboxes.server();
    }

    private void startMailbox(MailboxSettings settings) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:steward-dead-letters").routeId("dead-letters").process(deadLetters::add);
            }
        });
        mailbox = new MailboxRoutes(settings, flows.service,
                name -> repositories.computeIfAbsent(name, n -> MemoryIdempotentRepository.memoryIdempotentRepository()));
        camel.addRoutes(mailbox);
        camel.start();
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        mail.stop();
    }

    @Test
    void aMailIsSentOncePerKeyWithItsMessageIdFromTheKey() throws Exception {
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        Map<String, Object> payload = Map.of("to", "ada@example.org", "cc", List.of("bob@example.org"),
                "subject", "Your invoice – März", "text", "Hello Ada,\nthe invoice is attached.");
        EffectReceipt first = mailbox.send(Mailboxes.effect("f-1:send#1", payload));
        assertEquals(OutboundMail.messageId("f-1:send#1"), first.externalId());
        assertEquals(false, first.details().get("alreadySent"));

        assertTrue(mail.waitForIncomingEmail(Mailboxes.WAIT.toMillis(), 2), "one copy each for to and cc");
        MimeMessage sent = mail.getReceivedMessages()[0];
        assertEquals(OutboundMail.messageId("f-1:send#1"), sent.getMessageID());
        assertEquals(Mailboxes.FROM, sent.getHeader("From", ","));
        assertEquals("ada@example.org", sent.getHeader("To", ","));
        assertEquals("bob@example.org", sent.getHeader("Cc", ","));
        assertEquals("Your invoice – März", sent.getSubject());
        assertEquals("Hello Ada,\nthe invoice is attached.", ((String) sent.getContent()).replace("\r\n", "\n").strip());

        EffectReceipt again = mailbox.send(Mailboxes.effect("f-1:send#1", payload));
        assertEquals(first.externalId(), again.externalId());
        assertEquals(true, again.details().get("alreadySent"));
        mailbox.send(Mailboxes.effect("f-2:send#1", Map.of("to", "ada@example.org", "subject", "s", "text", "t")));
        assertTrue(mail.waitForIncomingEmail(Mailboxes.WAIT.toMillis(), 3));
        assertEquals(3, mail.getReceivedMessages().length, "the repeated key sent nothing; the next key did");
        List<String> ids = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            ids.add(m.getMessageID());
        }
        assertEquals(2, ids.stream().filter(OutboundMail.messageId("f-1:send#1")::equals).count());
        assertTrue(ids.contains(OutboundMail.messageId("f-2:send#1")));
    }

    @Test
    void aServerThatIsDownFailsTheSendForARetryAndRecordsNothing() throws Exception {
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        mail.stop();
        Map<String, Object> payload = Map.of("to", "ada@example.org", "subject", "s", "text", "t");
        Exception down = assertThrows(Exception.class, () -> mailbox.send(Mailboxes.effect("f-3:send#1", payload)));
        assertFalse(down instanceof PermanentStepFailure, "a connection failure may pass: " + down);
        assertFalse(repositories.get("mail-sent-office").contains("f-3:send#1"));
    }

    @Test
    void repeatedFailuresOpenTheCircuitBreakerAndTheNextSendFailsFastWithoutTryingTheServer() throws Exception {
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        mail.stop();
        Map<String, Object> payload = Map.of("to", "ada@example.org", "subject", "s", "text", "t");
        for (int i = 1; i <= SendBreaker.WINDOW; i++) {
            String key = "f-4:send#" + i;
            Exception down = assertThrows(Exception.class, () -> mailbox.send(Mailboxes.effect(key, payload)));
            assertFalse(down.getMessage() != null && down.getMessage().contains("circuit breaker"), "attempt " + i + ": " + down);
        }
        assertEquals("OPEN", mailbox.breaker());
        Exception fast = assertThrows(IllegalStateException.class, () -> mailbox.send(Mailboxes.effect("f-4:send#11", payload)));
        assertEquals("mail.send from mailbox office: circuit breaker open after repeated failures; sends fail fast for up to "
                + SendBreaker.OPEN.toSeconds() + " s", fast.getMessage());
        assertFalse(fast instanceof PermanentStepFailure, "the outbox tries it again later");
        assertFalse(repositories.get("mail-sent-office").contains("f-4:send#11"));
    }

    @Test
    void aRefusedLoginAndABadPayloadFailForGood() throws Exception {
        mail.setUser("sender@example.org", "sender", "right");
        MailboxSettings base = Mailboxes.mailbox("office", mail, 4096);
        startMailbox(new MailboxSettings("office", new MailServer("127.0.0.1", mail.getSmtp().getPort(), false, "sender", "wrong"),
                Mailboxes.FROM, null, "INBOX", base.poll(), "", 4096, 0, base.redeliveryDelay()));
        PermanentStepFailure login = assertThrows(PermanentStepFailure.class,
                () -> mailbox.send(Mailboxes.effect("f-4:send#1", Map.of("to", "ada@example.org", "subject", "s", "text", "t"))));
        assertTrue(login.getMessage().contains("535") || login.getMessage().contains("login"), login.getMessage());
        assertFalse(login.getMessage().contains("wrong"), "the password is not in the reason");
        assertThrows(PermanentStepFailure.class,
                () -> mailbox.send(Mailboxes.effect("f-5:send#1", Map.of("to", "not an address", "subject", "s", "text", "t"))));
        assertThrows(PermanentStepFailure.class,
                () -> mailbox.send(Mailboxes.effect("f-6:send#1", Map.of("subject", "s", "text", "t"))));
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void aNewMessageStartsItsFlowOnceAndIsNotTakenAgain() throws Exception {
        Mailboxes.deliver(mail, Mailboxes.plain("<m-1@example.org>", "Quote request", "Please send a quote."));
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        String key = "mail-office:<m-1@example.org>";
        Mailboxes.await("the flow started", () -> flows.byKey.containsKey(key));
        Map<String, Object> input = flows.byKey.get(key).input();
        assertEquals("office", input.get("mailbox"));
        assertEquals("<m-1@example.org>", input.get("messageId"));
        assertEquals(List.of("Ada <ada@example.org>"), input.get("from"));
        assertEquals(List.of(Mailboxes.INBOX_ADDRESS), input.get("to"));
        assertEquals("Quote request", input.get("subject"));
        assertEquals("Please send a quote.", ((String) input.get("text")).strip());
        assertTrue(input.get("receivedDate") instanceof String);
        assertEquals("2026-11-30T10:00:00Z", input.get("sentDate"));

        // marked unseen again (as a crash before the SEEN flag would leave it): the repository still knows it
        Mailboxes.markAllUnseen(mail);
        Mailboxes.deliver(mail, Mailboxes.plain("<m-2@example.org>", "Second", "Another one."));
        Mailboxes.await("the second message's flow", () -> flows.byKey.containsKey("mail-office:<m-2@example.org>"));
        Mailboxes.deliver(mail, Mailboxes.plain("<m-3@example.org>", "Third", "And one more."));
        Mailboxes.await("the third message's flow", () -> flows.byKey.containsKey("mail-office:<m-3@example.org>"));
        assertEquals(1, flows.startsOf(key), "polled again, the first message started nothing new");
        assertEquals(3, flows.startCalls.size());
        assertEquals(List.of(), deadLetters);
    }

    @Test
    void anOversizedMessageGoesToTheDeadLettersWithoutStartingAFlow() throws Exception {
        Mailboxes.deliver(mail, Mailboxes.plain("<big@example.org>", "Big", "x".repeat(5000)));
        Mailboxes.deliver(mail, Mailboxes.plain("<small@example.org>", "Small", "fine"));
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        Mailboxes.await("the small message's flow", () -> flows.byKey.containsKey("mail-office:<small@example.org>"));
        Mailboxes.await("a dead letter", () -> deadLetters.size() == 1);
        Exchange letter = deadLetters.get(0);
        String reason = letter.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
        assertTrue(reason.contains("exceeds max.message.bytes 4096"), reason);
        assertEquals("steward-connector-mail-office-received", letter.getProperty(Exchange.FAILURE_ROUTE_ID));
        assertEquals("<big@example.org>", letter.getMessage().getHeader(MailboxRoutes.MESSAGE_ID));
        assertFalse(letter.getMessage().getBody(String.class).contains("xxxx"), "the body of an oversized message is not read");
        assertEquals(List.of("mail-office:<small@example.org>"), flows.startCalls, "no start for the refused message");
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLettersWithItsReason() throws Exception {
        Mailboxes.deliver(mail, "Message-ID: <bad@example.org>\r\nFrom: ada@example.org\r\nTo: " + Mailboxes.INBOX_ADDRESS
                + "\r\nSubject: Broken\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nHello\r\n");
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        Mailboxes.await("a dead letter", () -> deadLetters.size() == 1);
        String reason = deadLetters.get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage();
        assertTrue(reason.startsWith("message cannot be read"), reason);
        assertTrue(deadLetters.get(0).getMessage().getBody(String.class).contains("Broken"), "the envelope is kept");
        assertEquals(List.of(), flows.startCalls);
    }

    @Test
    void aStartThatKeepsFailingIsRetriedThenGoesToTheDeadLetters() throws Exception {
        flows.failure = new IllegalStateException("store unavailable (scripted)");
        Mailboxes.deliver(mail, Mailboxes.plain("<m-9@example.org>", "Held", "Hold me."));
        startMailbox(Mailboxes.mailbox("office", mail, 4096));
        Mailboxes.await("a dead letter", () -> deadLetters.size() == 1);
        assertEquals(List.of("mail-office:<m-9@example.org>", "mail-office:<m-9@example.org>"), flows.startCalls,
                "one start and one redelivery");
        assertInstanceOf(IllegalStateException.class, deadLetters.get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        assertFalse(repositories.get("mail-office").contains("<m-9@example.org>"), "a held message is not marked as taken");
    }

    @Test
    void theConnectorSendsThroughTheMailboxThePayloadNames() throws Exception {
        MailboxSettings office = Mailboxes.mailbox("office", mail, 4096);
        startMailbox(new MailboxSettings("office", office.smtp(), "office@example.org", null, "INBOX", office.poll(), "", 4096, 0,
                office.redeliveryDelay()));
        MailboxRoutes sales = new MailboxRoutes(new MailboxSettings("sales", office.smtp(), "sales@example.org", null, "INBOX",
                office.poll(), "", 4096, 0, office.redeliveryDelay()), flows.service,
                name -> repositories.computeIfAbsent(name, n -> MemoryIdempotentRepository.memoryIdempotentRepository()));
        camel.addRoutes(sales);
        MailSendConnector connector = new MailSendConnector();
        connector.bindMailbox(mailbox);
        assertEquals("office", connector.deliver(Mailboxes.effect("k-1#1", Map.of("to", "ada@example.org", "subject", "s",
                "text", "t"))).details().get("mailbox"), "the only mailbox that sends needs no name");
        connector.bindMailbox(sales);
        Map<String, Object> unnamed = Map.of("to", "ada@example.org", "subject", "s", "text", "t");
        PermanentStepFailure ambiguous = assertThrows(PermanentStepFailure.class, () -> connector.deliver(Mailboxes.effect("k-2#1", unnamed)));
        assertTrue(ambiguous.getMessage().contains("office, sales"), ambiguous.getMessage());
        connector.deliver(Mailboxes.effect("k-3#1", Map.of("mailbox", "sales", "to", "ada@example.org", "subject", "s", "text", "t")));
        assertThrows(IllegalStateException.class, () -> connector.deliver(Mailboxes.effect("k-4#1", Map.of("mailbox", "support",
                "to", "ada@example.org", "subject", "s", "text", "t"))), "a mailbox not configured yet: the outbox tries again");
        assertThrows(PermanentStepFailure.class, () -> connector.deliver(new dev.steward.api.connector.Effect("webhook.post",
                unnamed, new dev.steward.api.flow.IdempotencyKey("k-5#1"))));
        assertTrue(mail.waitForIncomingEmail(Mailboxes.WAIT.toMillis(), 2));
        List<String> senders = new java.util.ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            senders.add(m.getHeader("From", ","));
        }
        assertEquals(List.of("office@example.org", "sales@example.org"), senders.stream().sorted().toList());
        assertEquals("UP", connector.health().state().name());
    }
}

package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.connector.EffectRequest;
import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.flow.FlowDefinitionProvider;

/**
 * The mail connector add-on in the real distribution: installed live without refreshing the platform, a mailbox
 * configured by a factory configuration file in etc/ (FileInstall), against GreenMail running inside the container.
 * A message in the IMAP inbox starts a flow once; the flow's step asks for a {@code mail.send} reply, which the outbox
 * hands to the connector and GreenMail receives once, its Message-ID derived from the effect's key; an oversized
 * message ends in the exceptions inbox with its reason; the uninstall leaves the platform as it was. The methods run
 * in name order and share one container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MailAddonIT extends AddonTestBase {

    private static final String FEATURE = "steward-connector-mail";
    private static final String MAILBOX = "itest";
    private static final String ROUTE = "steward-connector-mail-" + MAILBOX;
    private static final String FLOW = "itest-mail-reply";
    private static final String INBOX_ADDRESS = "office@example.org";
    private static final String INBOX_LOGIN = "office";
    private static final String INBOX_PASSWORD = "itest-imap-password-0123";
    private static final String GREENMAIL = "wrap:mvn:com.icegreen/greenmail/2.1.3$overwrite=merge"
            + "&Import-Package=org.junit*;resolution:=optional,org.slf4j,*";

    /** Shared by the ordered methods: one container for the class. */
    private static AddonWatch watch;
    private static GreenMailInKaraf mail;
    private static Bundle greenMailBundle;
    private static Path config;
    private static final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

    @Inject @Filter(timeout = 60_000) Outbox outbox;
    @Inject @Filter(timeout = 60_000) ExceptionsInbox inbox;

    @Test
    public void a_installedLiveAMessageStartsItsFlowOnceAndTheReplyIsSentOnce() throws Exception {
        watch = readyPlatform();

        addons.install(FEATURE, null, "itest"); // from the shipped catalog: checksums and range checked first
        Bundle connector = AddonWatch.bundle(bundleContext, "dev.steward.connector.mail");
        assertNotNull("the connector bundle is installed", connector);
        assertEquals("the connector bundle is active", Bundle.ACTIVE, connector.getState());

        // GreenMail runs in this container, on the Jakarta Mail and Angus bundles the add-on brought
        greenMailBundle = bundleContext.installBundle(GREENMAIL);
        greenMailBundle.start();
        int smtpPort = freePort();
        int imapPort = freePort();
        mail = GreenMailInKaraf.start(bundleContext, smtpPort, imapPort, INBOX_ADDRESS, INBOX_LOGIN, INBOX_PASSWORD);

        registerReplyFlow();
        AddonWatch.await("flow known", 60_000, () -> flows.definitions().stream().anyMatch(d -> d.id().equals(FLOW)));

        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path secret = Files.createTempDirectory("steward-mail-itest").resolve("imap.secret");
        Files.writeString(secret, INBOX_PASSWORD + "\n");
        config = etc.resolve("dev.steward.connector.mail-" + MAILBOX + ".cfg");
        AddonWatch.replaceWhole(config, String.join("\n",
                "from = Steward <steward@example.org>",
                "smtp.host = 127.0.0.1", "smtp.port = " + smtpPort, "smtp.starttls = false",
                "flow = " + FLOW,
                "imap.host = 127.0.0.1", "imap.port = " + imapPort, "imap.starttls = false",
                "imap.username = " + INBOX_LOGIN, "imap.password.ref = file:" + secret,
                "poll.seconds = 1", "max.message.bytes = 2048", "") );
        AddonWatch.await("FileInstall read the mailbox", 30_000, () -> AddonWatch.configured(configAdmin, "(&(service.factoryPid=dev.steward.connector.mail)(flow=" + FLOW + "))"));
        AddonWatch.await("mailbox routes started", 60_000, () -> started(ROUTE) && started(ROUTE + "-received") && started(ROUTE + "-send"));

        mail.deliver(INBOX_LOGIN, message("<in-1@example.org>", "Quote request", "Please send a quote."));
        FlowInstance flow = awaitFlowOf("<in-1@example.org>");
        AddonWatch.await("the flow completes", 120_000, () -> flows.find(flow.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
        assertEquals("the flow's input is the message", "Quote request", flow.input().get("subject"));
        assertEquals(List.of("Ada <ada@example.org>"), flow.input().get("from"));

        AddonWatch.await("the reply delivered by the outbox", 60_000, () -> replyOf(flow).map(e -> "DELIVERED".equals(e.status())).orElse(false));
        OutboxEntry reply = replyOf(flow).orElseThrow();
        String expectedId = "<" + sha256(reply.key()) + "@steward>";
        assertEquals("the receipt is the Message-ID derived from the effect's key", expectedId, reply.externalId());
        AddonWatch.await("GreenMail received the reply", 60_000, () -> !sent().isEmpty());

        // polled again: the same message starts nothing new, a new one does
        mail.deliver(INBOX_LOGIN, message("<in-2@example.org>", "Second", "Another request."));
        FlowInstance second = awaitFlowOf("<in-2@example.org>");
        AddonWatch.await("the second flow completes", 120_000, () -> flows.find(second.id()).map(f -> f.status() == FlowStatus.COMPLETED).orElse(false));
        AddonWatch.await("the second reply", 60_000, () -> sent().size() == 2);
        List<FlowInstance> started = flows.list(null).stream().filter(f -> f.definitionId().equals(FLOW)).collect(Collectors.toList());
        assertEquals("one flow per message: " + started, 2, started.size());
        List<String[]> sent = sent();
        assertEquals("one reply per flow", 2, sent.size());
        assertTrue("the first reply carries the key's Message-ID", sent.stream().anyMatch(m -> m[0].equals(expectedId)
                && "<in-1@example.org>".equals(m[1]) && m[2].contains("ada@example.org")));
    }

    @Test
    public void b_anOversizedMessageEndsInTheExceptionsInboxWithItsReason() throws Exception {
        assertNotNull("the first method started GreenMail", mail);
        mail.deliver(INBOX_LOGIN, message("<big-1@example.org>", "Too big", "x".repeat(4000)));
        AddonWatch.await("a letter for the oversized message", 60_000, () -> letterFor("<big-1@example.org>") != null);
        DeadLetterView letter = letterFor("<big-1@example.org>");
        assertEquals(ROUTE + "-received", letter.route());
        assertTrue("the reason names the limit: " + letter.reason(), letter.reason().contains("exceeds max.message.bytes 2048"));
        assertTrue("no flow for it", flows.list(null).stream().filter(f -> f.definitionId().equals(FLOW))
                .noneMatch(f -> "<big-1@example.org>".equals(f.input().get("messageId"))));
        inbox.discard(letter.id());
    }

    @Test
    public void c_uninstalledItsRoutesAreGoneAndThePlatformWasNotTouched() throws Exception {
        assertNotNull("the first method started watching the platform", watch);
        try {
            Files.deleteIfExists(config);
            addons.uninstall(FEATURE, "itest");
            AddonWatch.await("mailbox routes removed", 30_000, () -> camel.getRoute(ROUTE) == null && camel.getRoute(ROUTE + "-received") == null
                    && camel.getRoute(ROUTE + "-send") == null);
            assertNull("the connector bundle is gone", AddonWatch.bundle(bundleContext, "dev.steward.connector.mail"));
        } finally {
            registrations.forEach(ServiceRegistration::unregister);
            if (mail != null) {
                mail.stop();
            }
            if (greenMailBundle != null) {
                greenMailBundle.uninstall();
            }
        }
        watch.assertPlatformUntouched(FEATURE);
        assertTrue("the Camel context still runs", camel.getStatus().isStarted());
        assertTrue("the IMAP password is never logged", !watch.logSince().contains(INBOX_PASSWORD));
    }

    /** A flow of one step whose agent answers the received message with a mail.send effect (no sample agent does). */
    private void registerReplyFlow() {
        Agent replier = new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor("itest-mail-replier", "1.0.0", List.of("itest.mail.reply"), "{}", "{}",
                        AgentDescriptor.CostClass.LOW, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                Map<String, Object> in = flows.find(request.flowInstanceId()).orElseThrow().input();
                @SuppressWarnings("unchecked")
                List<String> from = (List<String>) in.get("from");
                return new AgentResult(Map.of("replied", 1), "one reply", 1.0, null, List.of(new EffectRequest("mail.send",
                        Map.of("to", from, "subject", "Re: " + in.get("subject"), "text", "Thank you, we will answer soon.",
                                "inReplyTo", in.get("messageId")))));
            }
        };
        FlowDefinition definition = new FlowDefinition(FLOW, 1, "answers a received mail", List.of(
                new StepDefinition("reply", "itest.mail.reply", Map.of(), List.of(), null, null, null)));
        registrations.add(bundleContext.registerService(Agent.class, replier, null));
        registrations.add(bundleContext.registerService(FlowDefinitionProvider.class, () -> List.of(definition), null));
    }

    private FlowInstance awaitFlowOf(String messageId) throws InterruptedException {
        AddonWatch.await("a flow for " + messageId, 60_000, () -> flowOf(messageId) != null);
        return flowOf(messageId);
    }

    private FlowInstance flowOf(String messageId) {
        return flows.list(null).stream().filter(f -> f.definitionId().equals(FLOW) && messageId.equals(f.input().get("messageId")))
                .findFirst().orElse(null);
    }

    private java.util.Optional<OutboxEntry> replyOf(FlowInstance flow) {
        return outbox.list(null, 500).stream().filter(e -> flow.id().equals(e.flowId()) && "mail.send".equals(e.capability())).findFirst();
    }

    private DeadLetterView letterFor(String messageId) {
        return inbox.list("OPEN", 100).stream().filter(l -> messageId.equals(l.headers().get("StewardMailMessageId")))
                .findFirst().orElse(null);
    }

    /** @return what the add-on sent (Message-ID, In-Reply-To, To), not the messages the test delivered */
    private static List<String[]> sent() {
        try {
            return mail.received().stream().filter(m -> m[0] != null && m[0].endsWith("@steward>")).collect(Collectors.toList());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(String messageId, String subject, String text) {
        return "Message-ID: " + messageId + "\r\nFrom: Ada <ada@example.org>\r\nTo: " + INBOX_ADDRESS + "\r\nSubject: " + subject
                + "\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + text + "\r\n";
    }

    private boolean started(String route) {
        return camel.getRoute(route) != null && camel.getRouteController().getRouteStatus(route).isStarted();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}

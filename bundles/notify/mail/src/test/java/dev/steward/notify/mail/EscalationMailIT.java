package dev.steward.notify.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.internet.MimeMessage;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowService;
import dev.steward.fabric.internal.Neo4jIdempotentRepository;
import dev.steward.spi.store.GraphStore;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The escalation mail route end to end: a real CamelContext, the fabric's durable idempotent repository on a real
 * Neo4j, camel-mail sending to a GreenMail SMTP server on loopback, and a scripted {@link FlowService}.
 */
@Timeout(180)
class EscalationMailIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FROM = "Steward <steward@example.org>";
    private static final String TO = "operator@example.org";

    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;
    private static GraphStore store;

    private final ScriptedFlows flows = new ScriptedFlows();
    private final List<DefaultCamelContext> contexts = new ArrayList<>();
    private final AtomicInteger failedSends = new AtomicInteger();
    private int port;
    private GreenMail smtp;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "IdempotencyKey");
        store = testStore.store();
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() {
        testStore.clear();
        port = freePort();
        smtp = startSmtp();
    }

    @AfterEach
    void stop() {
        contexts.forEach(DefaultCamelContext::stop);
        smtp.stop();
    }

    private GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private void startRoute() throws Exception {
        startRoute("", "", repository());
    }

    private void startRoute(String username, String password) throws Exception {
        startRoute(username, password, repository());
    }

    private static Neo4jIdempotentRepository repository() {
        return new Neo4jIdempotentRepository(store, EscalationMailRoutes.REPOSITORY, Duration.ofDays(30), Clock.systemUTC());
    }

    /** A new CamelContext with the route, as the platform would run it. */
    private void startRoute(String username, String password, IdempotentRepository repository) throws Exception {
        MailSettings settings = new MailSettings(Duration.ofMillis(100), "127.0.0.1", port, username, password, false, FROM, TO,
                2, Duration.ofMillis(50));
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent failed
                        && failed.getExchange().getProperty(EscalationMailRoutes.KEY) != null) {
                    failedSends.incrementAndGet();
                }
            }
        });
        camel.addRoutes(new EscalationMailRoutes(settings, flows.service, repository));
        camel.start();
        contexts.add(camel);
    }

    private void stopRoute() {
        contexts.remove(contexts.size() - 1).stop();
    }

    private static boolean notified(Escalation e) {
        return repository().contains(EscalationMail.idempotencyKey(e));
    }

    /** Waits until a whole poll began and ended after this call: the timer starts a poll only after the previous one. */
    private void awaitFullPoll() throws InterruptedException {
        int seen = flows.polls.get();
        EmbeddedTestStore.await("two more polls", WAIT, () -> flows.polls.get() >= seen + 2);
    }

    private List<MimeMessage> awaitMails(int count) {
        assertTrue(smtp.waitForIncomingEmail(WAIT.toMillis(), count), "mails received: " + smtp.getReceivedMessages().length
                + ", expected " + count);
        return Arrays.asList(smtp.getReceivedMessages());
    }

    @Test
    void oneMailPerEscalationAndNoneAgain() throws Exception {
        Escalation first = Escalations.payment("f-1");
        Escalation second = Escalations.payment("f-2");
        flows.open(first, second);
        startRoute();

        List<MimeMessage> mails = awaitMails(2);
        MimeMessage mail = mails.stream().filter(m -> subject(m).endsWith("(f-1/pay)")).findFirst().orElseThrow();
        assertEquals("[Steward] Approval needed: payment.send in pay-invoice (f-1/pay)", subject(mail));
        assertEquals("<escalation.f-1.pay@steward>", mail.getMessageID());
        assertEquals(FROM, mail.getHeader("From", ","));
        assertEquals(TO, mail.getHeader("To", ","));
        assertEquals("auto-generated", mail.getHeader("Auto-Submitted", ","));
        assertTrue(mail.getContentType().startsWith("text/plain") && mail.getContentType().contains("UTF-8"), mail.getContentType());
        assertEquals(EscalationMail.body(first).strip(), ((String) mail.getContent()).replace("\r\n", "\n").strip(),
                "the body arrives as rendered, umlauts included");
        EmbeddedTestStore.await("both escalations marked notified (the mark follows the send)", WAIT,
                () -> notified(first) && notified(second));

        awaitFullPoll();
        assertEquals(2, smtp.getReceivedMessages().length, "a later poll sends nothing new");

        Escalation third = Escalations.payment("f-3");
        flows.open(first, second, third);
        awaitMails(3);
        awaitFullPoll();
        assertEquals(3, smtp.getReceivedMessages().length);
        assertEquals("<escalation.f-3.pay@steward>", smtp.getReceivedMessages()[2].getMessageID());
        assertEquals(0, failedSends.get());
    }

    @Test
    void aMailTheServerDidNotTakeIsSentOnceItIsBack() throws Exception {
        Escalation held = Escalations.payment("f-down");
        flows.open(held);
        smtp.stop();
        startRoute();

        EmbeddedTestStore.await("a failed send", WAIT, () -> failedSends.get() >= 1);
        awaitFullPoll();
        assertFalse(notified(held), "a mail that was not sent is not marked");
        assertTrue(failedSends.get() >= 2, "it was tried again on the next poll: " + failedSends.get());
        assertTrue(contexts.get(0).getRouteController().getRouteStatus(EscalationMailRoutes.ROUTE_ID).isStarted());

        smtp = startSmtp();
        awaitMails(1);
        EmbeddedTestStore.await("the escalation marked notified", WAIT, () -> notified(held));
        awaitFullPoll();
        assertEquals(1, smtp.getReceivedMessages().length, "delivered exactly once");
        assertEquals("<escalation.f-down.pay@steward>", smtp.getReceivedMessages()[0].getMessageID());
    }

    @Test
    void aRestartedContextDoesNotMailAgain() throws Exception {
        Escalation held = Escalations.payment("f-restart");
        flows.open(held);
        startRoute();
        awaitMails(1);
        EmbeddedTestStore.await("the escalation marked notified", WAIT, () -> notified(held));
        stopRoute();

        startRoute();
        awaitFullPoll();
        assertEquals(1, smtp.getReceivedMessages().length, "nothing resent after the restart");

        flows.open(held, Escalations.payment("f-new"));
        awaitMails(2);
        awaitFullPoll();
        assertEquals(2, smtp.getReceivedMessages().length);
    }

    @Test
    void theLoginIsUsedAndARefusedOneMarksNothing() throws Exception {
        smtp.setUser("steward@example.org", "steward", "right-password");
        Escalation held = Escalations.payment("f-login");
        flows.open(held);
        startRoute("steward", "wrong-password");
        EmbeddedTestStore.await("a refused send", WAIT, () -> failedSends.get() >= 1);
        awaitFullPoll();
        assertEquals(0, smtp.getReceivedMessages().length);
        assertFalse(notified(held));
        stopRoute();

        startRoute("steward", "right-password");
        awaitMails(1);
        EmbeddedTestStore.await("the escalation marked notified", WAIT, () -> notified(held));
        awaitFullPoll();
        assertEquals(1, smtp.getReceivedMessages().length);
    }

    @Test
    void aPollThatCannotReadTheEscalationsIsSkipped() throws Exception {
        flows.down = true;
        flows.open(Escalations.payment("f-later"));
        startRoute();
        awaitFullPoll();
        awaitFullPoll();
        assertEquals(0, smtp.getReceivedMessages().length);
        flows.down = false;
        awaitMails(1);
        assertEquals("<escalation.f-later.pay@steward>", smtp.getReceivedMessages()[0].getMessageID());
    }

    @Test
    void aFailedSendLeavesAMarkThatAnotherNodeMadeMeanwhile() throws Exception {
        Escalation held = Escalations.payment("f-race");
        flows.open(held);
        smtp.stop();
        Neo4jIdempotentRepository shared = repository();
        AtomicInteger races = new AtomicInteger();
        // this node finds the escalation unmarked; another node mails it and marks it before this node's send fails
        IdempotentRepository racing = new ForwardingRepository(shared) {
            @Override
            public boolean contains(String key) {
                boolean found = super.contains(key);
                if (!found && races.getAndIncrement() == 0) {
                    shared.add(key);
                }
                return found;
            }
        };
        startRoute("", "", racing);
        EmbeddedTestStore.await("a failed send", WAIT, () -> failedSends.get() >= 1);
        awaitFullPoll();
        assertTrue(notified(held), "the other node's mark is kept");

        smtp = startSmtp();
        awaitFullPoll();
        assertEquals(0, smtp.getReceivedMessages().length, "and this node does not mail it again");
    }

    /** Passes every call on to the repository it wraps. */
    static class ForwardingRepository implements IdempotentRepository {

        private final IdempotentRepository target;

        ForwardingRepository(IdempotentRepository target) {
            this.target = target;
        }

        @Override
        public boolean add(String key) {
            return target.add(key);
        }

        @Override
        public boolean contains(String key) {
            return target.contains(key);
        }

        @Override
        public boolean remove(String key) {
            return target.remove(key);
        }

        @Override
        public boolean confirm(String key) {
            return target.confirm(key);
        }

        @Override
        public void clear() {
            target.clear();
        }

        @Override
        public void start() {
            target.start();
        }

        @Override
        public void stop() {
            target.stop();
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kernel's escalations as the test scripts them; every call counts as one poll. */
    static final class ScriptedFlows {

        final AtomicInteger polls = new AtomicInteger();
        private volatile List<Escalation> open = List.of();
        volatile boolean down;
        /* a proxy rather than a class: FlowService is a provider type that grows, and only escalations() is used */
        final FlowService service = (FlowService) Proxy.newProxyInstance(FlowService.class.getClassLoader(),
                new Class<?>[] {FlowService.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "escalations" -> {
                        polls.incrementAndGet();
                        if (down) {
                            throw new IllegalStateException("store unavailable (scripted)");
                        }
                        yield open;
                    }
                    case "toString" -> "ScriptedFlows";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + " is not scripted");
                });

        void open(Escalation... escalations) {
            open = List.of(escalations);
        }
    }
}

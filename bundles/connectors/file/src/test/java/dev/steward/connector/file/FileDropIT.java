package dev.steward.connector.file;

import static dev.steward.connector.file.Drops.drop;
import static dev.steward.connector.file.Drops.moved;
import static dev.steward.store.testing.EmbeddedTestStore.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.fabric.internal.DeadLetterRoutes;
import dev.steward.fabric.internal.DeadLetterViews;
import dev.steward.fabric.internal.DeadLetters;
import dev.steward.fabric.internal.Neo4jIdempotentRepository;
import dev.steward.kernel.internal.FlowEngine;
import dev.steward.kernel.internal.KernelForTests;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.store.Statement;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The drop folder on the platform it runs on: the real kernel (keyed starts) on a real Neo4j, the fabric's durable
 * idempotent repository and exceptions inbox on it, camel-file on a temporary folder. Files start one flow per
 * record; bad files start nothing; the same content starts nothing new, across a restart of the CamelContext; a
 * file read again after a crash in its middle starts no record twice; a failed start is held and replayed.
 */
@Timeout(300)
class FileDropIT {

    private static final String FLOW = "file-intake";
    @TempDir
    static Path data;
    private static EmbeddedTestStore testStore;

    @TempDir
    Path dir;
    private final List<Map<String, Object>> stepInputs = new CopyOnWriteArrayList<>();
    private FlowEngine engine;
    private DropSettings drop;
    private Path in;
    private DefaultCamelContext camel;

    @BeforeAll
    static void startStore() throws InterruptedException {
        testStore = new EmbeddedTestStore(data, "FlowInstance", "StepRun", "FlowEvent", "IdempotencyKey", "DeadLetter");
    }

    @AfterAll
    static void stopStore() {
        testStore.close();
    }

    @BeforeEach
    void start() throws Exception {
        testStore.clear();
        engine = KernelForTests.engine(testStore.store());
        KernelForTests.addAgent(engine, recorder());
        KernelForTests.offer(engine, new FlowDefinition(FLOW, 1, "records one step", List.of(step())));
        in = dir.resolve("in");
        drop = Drops.folder("crm", in, FLOW, 4096);
    }

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
        KernelForTests.stop(engine);
    }

    private static StepDefinition step() {
        return new StepDefinition("record", "file.record", null, null, RetryPolicy.none(), Duration.ofSeconds(10), null);
    }

    /** A plugin agent for the test's flow: keeps the input of every step it runs. */
    private Agent recorder() {
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return new AgentDescriptor("test-file-record", "1.0.0", List.of("file.record"), "{}", "{}",
                        AgentDescriptor.CostClass.LOW, true);
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                stepInputs.add(request.input());
                return new AgentResult(Map.of("ok", true), "", 1.0, null);
            }
        };
    }

    private void startContext(DropSettings settings, FlowService flows, RouteBuilder deadLetters) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(deadLetters);
        camel.addRoutes(new FileDropRoutes(settings, flows, name -> repository(name)));
        camel.start();
    }

    private void startContext() throws Exception {
        startContext(drop, engine, new DeadLetterRoutes(testStore.store(), null));
    }

    private static Neo4jIdempotentRepository repository(String name) {
        return new Neo4jIdempotentRepository(testStore.store(), name, Duration.ofDays(30), Clock.systemUTC());
    }

    /** @return each keyed flow in the store: its start key and id */
    private static Map<String, String> keyedFlows() {
        Map<String, String> flows = new TreeMap<>();
        testStore.store().read(new Statement("MATCH (f:FlowInstance) RETURN f.startKey AS key, f.id AS id", Map.of()))
                .forEach(row -> flows.put(String.valueOf(row.get("key")), (String) row.get("id")));
        return flows;
    }

    private void awaitCompleted(int flows) throws InterruptedException {
        await(flows + " flows completed", Duration.ofSeconds(90), () -> engine.list(FlowStatus.COMPLETED).size() == flows);
    }

    @Test
    void csvAndJsonFilesStartOneFlowPerRecord() throws Exception {
        startContext();
        String csv = "name,email\nAda,ada@example.org\nBob,bob@example.org\nCy,cy@example.org\n";
        String json = "[{\"name\":\"Dee\"},{\"name\":\"Eve\",\"score\":2}]";
        drop(in, "leads.csv", csv);
        drop(in, "leads.json", json);
        drop(in, "one.json", "{\"name\":\"Fay\"}");
        await("three files processed", Duration.ofSeconds(60), () -> moved(in, "leads.csv", drop.processed())
                && moved(in, "leads.json", drop.processed()) && moved(in, "one.json", drop.processed()));
        awaitCompleted(6);
        Map<String, String> flows = keyedFlows();
        assertEquals(6, flows.size(), "one flow per record: " + flows);
        assertTrue(flows.containsKey("file-crm:" + Drops.sha256(csv) + ":2"));
        assertTrue(flows.containsKey("file-crm:" + Drops.sha256(json) + ":1"));
        FlowInstance cy = engine.find(flows.get("file-crm:" + Drops.sha256(csv) + ":2")).orElseThrow();
        assertEquals(Map.of("name", "Cy", "email", "cy@example.org"), cy.input());
        assertEquals(6, stepInputs.size(), "each record's step ran once");
        assertTrue(Drops.files(drop.quarantine()).isEmpty());
    }

    @Test
    void badFilesEndInQuarantineWithAReasonAndStartNothing() throws Exception {
        startContext();
        drop(in, "quote.csv", "name,email\nAda,\"ada@example.org\n");
        drop(in, "broken.json", "{\"name\": \"Ada\",}");
        drop(in, "columns.csv", "name,email\nAda,ada@example.org\nBob,bob@example.org,extra\n");
        drop(in, "big.csv", "name\n" + "Ada\n".repeat(2000));
        for (String name : List.of("quote.csv", "broken.json", "columns.csv", "big.csv")) {
            await(name + " quarantined", Duration.ofSeconds(60), () -> moved(in, name, drop.quarantine()));
            Path file = Drops.only(drop.quarantine(), name.substring(0, name.indexOf('.')) + "-");
            assertTrue(Files.exists(ReasonFile.of(file)), "a reason beside " + file);
        }
        assertTrue(Files.readString(ReasonFile.of(Drops.only(drop.quarantine(), "columns-")))
                .contains("reason: row 2 has 3 columns; the header has 2\nwhere: row 2, line 3\n"));
        assertEquals(Map.of(), keyedFlows(), "no flow started");
        assertTrue(stepInputs.isEmpty());
        assertTrue(new DeadLetterViews(new DeadLetters(testStore.store(), camel)).list(null, 10).isEmpty());
    }

    @Test
    void theSameContentDroppedAgainStartsNothingNewAlsoAfterARestart() throws Exception {
        startContext();
        String csv = "name\nAda\nBob\n";
        drop(in, "monday.csv", csv);
        await("monday.csv processed", Duration.ofSeconds(60), () -> moved(in, "monday.csv", drop.processed()));
        awaitCompleted(2);
        await("the content remembered", Duration.ofSeconds(30), () -> repository("file-crm").contains(Drops.sha256(csv)));

        camel.stop();
        startContext();
        drop(in, "tuesday.csv", csv);
        await("tuesday.csv processed", Duration.ofSeconds(60), () -> moved(in, "tuesday.csv", drop.processed()));
        assertEquals(2, keyedFlows().size(), "no new flow");
        assertEquals(2, stepInputs.size());
        assertEquals(2, Drops.files(drop.processed()).size());
    }

    /**
     * The first context "crashes" at the third of four records: from then on its kernel calls and its inbox fail, as a
     * process that is going down, so the file stays in the folder and its content is not remembered, with two flows
     * started. The restarted context reads the file again: the keyed start returns those two flows and starts the other two.
     */
    @Test
    void aRestartAfterACrashInTheMiddleOfAFileStartsNoRecordTwice() throws Exception {
        String csv = "name\nAda\nBob\nCy\nDee\n";
        AtomicInteger starts = new AtomicInteger();
        AtomicBoolean crashed = new AtomicBoolean();
        List<String> startedBeforeCrash = new CopyOnWriteArrayList<>();
        FlowService crashing = CrashingFlows.after(engine, 2, starts, crashed, startedBeforeCrash);
        startContext(drop, crashing, new RouteBuilder() {
            @Override
            public void configure() {
                from(DeadLetterRoutes.ENDPOINT).routeId("gone-dead-letters")
                        .throwException(new IllegalStateException("the process is going down"));
            }
        });
        drop(in, "week.csv", csv);
        await("the crash", Duration.ofSeconds(60), () -> crashed.get() && starts.get() > 4);
        camel.stop();
        assertTrue(Files.exists(in.resolve("week.csv")), "the file is still in the folder");
        assertFalse(repository("file-crm").contains(Drops.sha256(csv)), "its content is not remembered");
        String sha = Drops.sha256(csv);
        assertEquals(List.of("file-crm:" + sha + ":0", "file-crm:" + sha + ":1"), List.copyOf(keyedFlows().keySet()));
        // a real crash also leaves camel-file's lock marker behind; the restarted consumer deletes it
        Files.writeString(in.resolve("week.csv.camelLock"), "");

        startContext();
        await("week.csv processed", Duration.ofSeconds(60), () -> moved(in, "week.csv", drop.processed()));
        awaitCompleted(4);
        Map<String, String> flows = keyedFlows();
        assertEquals(List.of(":0", ":1", ":2", ":3"), flows.keySet().stream().map(k -> k.substring(k.lastIndexOf(':'))).toList());
        assertEquals(startedBeforeCrash, List.of(flows.get("file-crm:" + sha + ":0"), flows.get("file-crm:" + sha + ":1")),
                "the records started before the crash kept their flows");
        assertEquals(4, stepInputs.size(), "each record's step ran once: " + stepInputs);
        assertEquals(List.of("Ada", "Bob", "Cy", "Dee"), stepInputs.stream().map(i -> String.valueOf(i.get("name"))).sorted().toList());
    }

    @Test
    void aFailedStartIsHeldInTheInboxWithItsReasonAndReplayedAfterTheFix() throws Exception {
        DropSettings later = Drops.folder("later", in, "file-later", 4096);
        startContext(later, engine, new DeadLetterRoutes(testStore.store(), null));
        drop(in, "early.json", "{\"name\":\"Ada\"}");
        await("early.json processed", Duration.ofSeconds(60), () -> moved(in, "early.json", later.processed()));
        ExceptionsInbox inbox = new DeadLetterViews(new DeadLetters(testStore.store(), camel));
        List<DeadLetterView> letters = inbox.list(null, 10);
        assertEquals(1, letters.size());
        DeadLetterView letter = letters.get(0);
        assertEquals("steward-connector-file-later-record", letter.route());
        assertEquals("no flow definition 'file-later'", letter.reason());
        assertEquals("{\"name\":\"Ada\"}", letter.payload());
        String key = "file-later:" + Drops.sha256("{\"name\":\"Ada\"}") + ":0";
        assertEquals(key, letter.headers().get(FileDropRoutes.RECORD));
        assertEquals("early.json", letter.headers().get(FileDropRoutes.FILE));
        assertEquals(Map.of(), keyedFlows());

        // the fix: the definition arrives (its add-on is installed); the replay starts the record's flow
        KernelForTests.offer(engine, new FlowDefinition("file-later", 1, "arrives later", List.of(step())));
        assertEquals("REPLAYED", inbox.replay(letter.id()).status());
        awaitCompleted(1);
        assertEquals(List.of(key), List.copyOf(keyedFlows().keySet()));
        assertEquals(List.of(Map.of("name", "Ada")), stepInputs);
    }
}

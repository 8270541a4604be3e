package dev.steward.connector.file;

import static dev.steward.connector.file.Drops.await;
import static dev.steward.connector.file.Drops.drop;
import static dev.steward.connector.file.Drops.moved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * The drop folder's routes in a real CamelContext with camel-file polling a temporary folder, fed real files; the
 * kernel is a fake that starts one flow per key, the dead-letter channel ends in a capturing route.
 */
@Timeout(120)
class FileDropRoutesTest {

    @TempDir
    Path dir;
    private final KeyedFlows flows = new KeyedFlows();
    private final List<Exchange> deadLetters = new CopyOnWriteArrayList<>();
    private final IdempotentRepository seen = MemoryIdempotentRepository.memoryIdempotentRepository(100);
    private DefaultCamelContext camel;
    private DropSettings drop;
    private Path in;

    @BeforeEach
    void start() throws Exception {
        in = dir.resolve("in");
        drop = Drops.folder("test", in, "lead-intake", 1024);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:steward-dead-letters").routeId("test-dead-letters").process(e -> deadLetters.add(e.copy()));
            }
        });
        camel.addRoutes(new FileDropRoutes(drop, flows.service, name -> seen));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aCsvFileStartsOneFlowPerRowKeyedByItsContentAndIsMovedToProcessed() throws Exception {
        String csv = "name,email\nAda,ada@example.org\n\"Bob, Jr.\",bob@example.org\n";
        drop(in, "leads.csv", csv);
        await("leads.csv processed", () -> moved(in, "leads.csv", drop.processed()));
        String sha = Drops.sha256(csv);
        assertEquals(List.of("file-test:" + sha + ":0", "file-test:" + sha + ":1"), flows.startCalls);
        assertEquals(Map.of("name", "Ada", "email", "ada@example.org"), flows.byKey.get("file-test:" + sha + ":0").input());
        assertEquals(Map.of("name", "Bob, Jr.", "email", "bob@example.org"), flows.byKey.get("file-test:" + sha + ":1").input());
        assertEquals(csv, Files.readString(Drops.only(drop.processed(), "leads-"), StandardCharsets.UTF_8), "moved as it was");
        assertTrue(Drops.files(drop.quarantine()).isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void aJsonObjectIsOneRecordAndAnArrayOneRecordPerElement() throws Exception {
        drop(in, "one.json", "{\"name\":\"Ada\",\"score\":3}");
        await("one.json processed", () -> moved(in, "one.json", drop.processed()));
        drop(in, "many.json", "[{\"name\":\"Bob\"},{\"name\":\"Cy\",\"tags\":[\"a\"]}]");
        await("many.json processed", () -> moved(in, "many.json", drop.processed()));
        assertEquals(3, flows.startCalls.size());
        assertEquals(List.of(Map.of("name", "Ada", "score", 3), Map.of("name", "Bob"), Map.of("name", "Cy", "tags", List.of("a"))),
                flows.startCalls.stream().map(k -> flows.byKey.get(k).input()).toList());
    }

    @Test
    void badFilesAreQuarantinedWithAReasonFileAndStartNothing() throws Exception {
        Map<String, String> bad = Map.of(
                "quote.csv", "name,email\nAda,\"ada@example.org\nBob,bob@example.org\n",
                "columns.csv", "name,email\nAda,ada@example.org\nBob\nCy,cy@example.org\n",
                "header.csv", "name,name\nAda,Bob\n",
                "broken.json", "[{\"name\":\"Ada\"},\n {\"name\": }]",
                "shape.json", "[{\"name\":\"Ada\"}, 42]",
                "big.json", "{\"text\":\"" + "x".repeat(2000) + "\"}",
                "empty.csv", "",
                "notes.txt", "name\nAda\n");
        for (Map.Entry<String, String> f : bad.entrySet()) {
            drop(in, f.getKey(), f.getValue());
        }
        for (String name : bad.keySet()) {
            await(name + " quarantined", () -> moved(in, name, drop.quarantine()));
        }
        assertEquals(bad.size(), Drops.files(drop.quarantine()).size());
        assertTrue(flows.startCalls.isEmpty(), "nothing started: " + flows.startCalls);
        assertTrue(Drops.files(drop.processed()).isEmpty());

        assertReason("columns-", "reason: row 2 has 1 columns; the header has 2", "where: row 2, line 3");
        assertReason("quote-", "reason: malformed CSV: ", "where: line 2, the first data row");
        assertReason("header-", "reason: malformed CSV header: ", "where: line 1");
        assertReason("broken-", "reason: malformed JSON: ", "where: line 2, column ");
        assertReason("shape-", "reason: element 2 of the array is a number, not an object", "where: element 2");
        assertReason("big-", "reason: the file has 2011 bytes, more than max.file.bytes = 1024", "where: the file as a whole");
        assertReason("empty-", "reason: the file is empty", "where: the file as a whole");
        assertReason("notes-", "reason: the format is not known", "where: the file as a whole");
        assertEquals("name,name\nAda,Bob\n", Files.readString(Drops.only(drop.quarantine(), "header-")), "moved as it was");
    }

    private void assertReason(String prefix, String reason, String where) throws Exception {
        Path file = Drops.only(drop.quarantine(), prefix);
        String text = Files.readString(ReasonFile.of(file), StandardCharsets.UTF_8);
        assertTrue(text.contains("\n" + reason), text);
        assertTrue(text.contains("\n" + where), text);
        assertTrue(text.contains("\nquarantined at: 20"), text);
        assertTrue(text.startsWith("file: " + prefix.substring(0, prefix.length() - 1) + "."), text);
    }

    @Test
    void theSameContentAgainStartsNothingAndIsMovedToProcessed() throws Exception {
        String csv = "name\nAda\nBob\n";
        drop(in, "monday.csv", csv);
        await("monday.csv processed", () -> moved(in, "monday.csv", drop.processed()));
        drop(in, "tuesday.csv", csv);
        await("tuesday.csv processed", () -> moved(in, "tuesday.csv", drop.processed()));
        assertEquals(2, flows.startCalls.size(), "the repository answered; the kernel was not asked again");

        // the repository lost the content (a crash before it was added): the keyed starts find the flows
        seen.clear();
        drop(in, "wednesday.csv", csv);
        await("wednesday.csv processed", () -> moved(in, "wednesday.csv", drop.processed()));
        assertEquals(4, flows.startCalls.size());
        assertEquals(2, flows.byKey.size(), "no new flow");
        assertEquals(3, Drops.files(drop.processed()).size());
    }

    @Test
    void filesBeingWrittenAreLeftAlone() throws Exception {
        Files.createDirectories(in);
        Files.writeString(in.resolve("later.csv.tmp"), "name\nAda\n");
        Files.writeString(in.resolve("later.csv.part"), "name\nAda\n");
        Files.writeString(in.resolve(".later.csv"), "name\nAda\n");
        drop(in, "now.csv", "name\nBob\n");
        await("now.csv processed", () -> moved(in, "now.csv", drop.processed()));
        assertEquals(List.of(in.resolve(".later.csv"), in.resolve("later.csv.part"), in.resolve("later.csv.tmp")), Drops.files(in));
        assertEquals(1, flows.startCalls.size());
    }

    @Test
    void aStartThatKeepsFailingIsHeldInTheInboxAndStartsTheFlowWhenReplayed() throws Exception {
        flows.failure = new IllegalStateException("store unavailable (scripted)");
        String csv = "name\nAda\nBob\n";
        drop(in, "held.csv", csv);
        await("held.csv processed", () -> moved(in, "held.csv", drop.processed()));
        assertEquals(4, flows.startCalls.size(), "each record: one try and one redelivery");
        assertEquals(2, deadLetters.size());
        Exchange letter = deadLetters.get(1);
        assertEquals("{\"name\":\"Bob\"}", letter.getMessage().getBody(String.class));
        String key = "file-test:" + Drops.sha256(csv) + ":1";
        assertEquals(Map.of(FileDropRoutes.RECORD, key, FileDropRoutes.FILE, "held.csv"), letter.getMessage().getHeaders());
        assertEquals(drop.routeId() + "-record", letter.getProperty(Exchange.FAILURE_ROUTE_ID));
        assertEquals("direct://steward-connector-file-test-record", letter.getFromEndpoint().getEndpointUri());

        // what the inbox does on replay: the stored body and headers sent to the endpoint the letter came in through
        flows.failure = null;
        camel.createProducerTemplate().sendBodyAndHeaders(letter.getFromEndpoint().getEndpointUri(),
                letter.getMessage().getBody(String.class), letter.getMessage().getHeaders());
        assertEquals(Map.of("name", "Bob"), flows.byKey.get(key).input());
        assertEquals(1, flows.byKey.size());
    }

    @Test
    void aWrongInputIsNotRetriedButHeld() throws Exception {
        flows.failure = new dev.steward.api.flow.InvalidFlowInputException("lead", "is required");
        drop(in, "wrong.json", "{\"other\":1}");
        await("wrong.json processed", () -> moved(in, "wrong.json", drop.processed()));
        assertEquals(1, flows.startCalls.size(), "a wrong input is not tried again");
        assertEquals(1, deadLetters.size());
    }
}

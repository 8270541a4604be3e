package dev.steward.agent.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;

/** The writer with the templates the distribution ships, and with hostile ones. */
class WriterAgentTest {

    @TempDir
    Path templates;
    private WriterAgent writer;

    @BeforeEach
    void copyShippedTemplates() throws IOException {
        Path shipped = Path.of("../../../karaf-assembly/src/main/resources/assembly/etc/steward/templates");
        try (var files = Files.list(shipped)) {
            for (Path f : files.toList()) {
                Files.copy(f, templates.resolve(f.getFileName()));
            }
        }
        writer = new WriterAgent(templates);
    }

    private AgentResult write(Map<String, Object> input) throws PermanentStepFailure {
        return writer.execute(new AgentRequest(WriterAgent.CAPABILITY, input, IdempotencyKey.of("f-1", "draft"), "f-1",
                "draft"));
    }

    private static Map<String, Object> reminderData() {
        return Map.of("client", Map.of("name", "Jürgen Müller"), "sender", "Ada",
                "invoice", Map.of("number", "INV-7", "amount", "1200.00", "currency", "EUR", "dueDate", "2026-11-15"));
    }

    @Test
    void draftsFromAShippedTemplateWithSubjectBodyAndCitations() throws Exception {
        AgentResult r = write(Map.of("template", "invoice-reminder", "data", reminderData(), "context", List.of(
                Map.of("citation", "ep-1", "text", "Promised to pay by month end (call of 2026-11-20)"))));

        assertEquals("Reminder: invoice INV-7 is due", r.output().get("subject"));
        String body = (String) r.output().get("body");
        assertTrue(body.startsWith("Dear Jürgen Müller,"), body);
        assertTrue(body.contains("of 1200.00 EUR was due on 2026-11-15"), body);
        assertTrue(body.contains("within the next 7 days"), "the template's default for a value not given: " + body);
        assertTrue(body.contains("- Promised to pay by month end (call of 2026-11-20) [ep-1]"), body);
        assertTrue(body.strip().endsWith("Ada"), body);
        assertEquals(List.of("ep-1"), r.output().get("citations"));
        assertEquals("invoice-reminder", r.output().get("template"));
        assertEquals(1.0, r.confidence());

        AgentResult again = write(Map.of("template", "invoice-reminder", "data", reminderData(), "context", List.of(
                Map.of("citation", "ep-1", "text", "Promised to pay by month end (call of 2026-11-20)"))));
        assertEquals(r.output(), again.output(), "deterministic");
    }

    @Test
    void aMissingValueFailsTheStepNamingItInsteadOfLeavingAGap() {
        PermanentStepFailure f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template",
                "invoice-reminder", "data", Map.of("client", Map.of("name", "X")))));
        assertTrue(f.getMessage().contains("needs 'data.invoice' (line 1)"), f.getMessage());
    }

    @Test
    void unknownAndMalformedTemplateNamesAreRefused() {
        PermanentStepFailure f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template", "nope")));
        assertTrue(f.getMessage().startsWith("There is no template 'nope'"), f.getMessage());
        for (String name : List.of("../../etc/passwd", "Invoice", "a.ftl", "")) {
            f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template", name)));
            assertTrue(f.getMessage().contains("is not valid"), name + ": " + f.getMessage());
        }
        f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template", "lead-reply", "data",
                Map.of("lead", Map.of("name", "A", "topic", "B")), "context", List.of(Map.of("text", "no citation")))));
        assertTrue(f.getMessage().contains("context[0] must have a citation and a text"), f.getMessage());
    }

    @Test
    void aTemplateCannotReachJava() throws Exception {
        Files.writeString(templates.resolve("evil.ftl"),
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        PermanentStepFailure f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template", "evil")));
        assertTrue(f.getMessage().startsWith("Template 'evil' failed at line 1"), f.getMessage());

        Files.writeString(templates.resolve("reflective.ftl"), "${data?api.getClass().getName()}");
        f = assertThrows(PermanentStepFailure.class, () -> write(Map.of("template", "reflective", "data",
                Map.of("a", 1))));
        assertFalse(f.getMessage().contains("java.util"), f.getMessage());
    }
}

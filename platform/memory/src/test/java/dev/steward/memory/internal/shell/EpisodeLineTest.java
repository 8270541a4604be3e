package dev.steward.memory.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;

class EpisodeLineTest {

    private final List<Object[]> recorded = new ArrayList<>();
    private final KnowledgeBank bank = (KnowledgeBank) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {KnowledgeBank.class}, (proxy, method, args) -> {
                if (!method.getName().equals("recordEpisode")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                recorded.add(args);
                return new Episode("ep-" + recorded.size(), (String) args[0], (String) args[1], (Instant) args[2],
                        labels(args[3]), (Provenance) args[4]);
            });
    private final EpisodeLine line = new EpisodeLine(new ObjectMapper(), new Provenance("user", "karaf", null, null));

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Object o) {
        return (Map<String, String>) o;
    }

    @Test
    void aLineBecomesAnEpisodeWithItsMetadataAndSource() {
        Episode e = line.record("{\"text\":\"hi\",\"kind\":\"turn\",\"occurredAt\":\"2023-05-08T15:56:00+02:00\","
                + "\"metadata\":{\"speaker\":\"Caroline\"},\"source\":\"bench:locomo\",\"mentions\":[\"e-1\"]}", bank);
        assertEquals(Instant.parse("2023-05-08T13:56:00Z"), e.occurredAt());
        assertEquals(Map.of("speaker", "Caroline"), e.metadata());
        assertEquals(new Provenance("bench", "locomo", null, null), e.provenance());
        assertEquals(List.of("e-1"), recorded.get(0)[5]);
        Episode plain = line.record("{\"text\":\"x\",\"source\":\"notes\"}", bank);
        assertEquals("note", plain.kind());
        assertEquals(new Provenance("client", "notes", null, null), plain.provenance());
        assertEquals("karaf", line.record("{\"text\":\"x\"}", bank).provenance().sourceId());
    }

    @Test
    void badLinesSayWhyWithoutRepeatingTheirContent() {
        String notJson = assertThrows(IllegalArgumentException.class, () -> line.record("secret-password", bank)).getMessage();
        assertEquals(true, notJson.startsWith("not JSON (column "), notJson);
        assertFalse(notJson.contains("secret"), notJson);
        assertMessage("not a JSON object", "[1]");
        assertMessage("text is required", "{}");
        assertMessage("unknown field 'txt' (expected [kind, mentions, metadata, occurredAt, source, text])", "{\"txt\":\"x\"}");
        assertMessage("metadata 'n' must be a string", "{\"text\":\"x\",\"metadata\":{\"n\":1}}");
        assertMessage("occurredAt 'May 8' is not an ISO-8601 instant with a zone, such as 2026-01-02T03:04:05Z, "
                + "or a date such as 2026-01-02", "{\"text\":\"x\",\"occurredAt\":\"May 8\"}");
        assertMessage("mentions must be a JSON array of entity ids", "{\"text\":\"x\",\"mentions\":\"e-1\"}");
        assertEquals(0, recorded.size());
    }

    @Test
    void metaOptionsAreKeyValuePairs() {
        assertEquals(Map.of("speaker", "Ann", "eq", "a=b"), ShellInput.labels(List.of("speaker=Ann", "eq=a=b")));
        assertThrows(IllegalArgumentException.class, () -> ShellInput.labels(List.of("novalue")));
        assertFalse(ShellInput.labels(null).containsKey("x"));
    }

    private void assertMessage(String message, String text) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> line.record(text, bank)).getMessage());
    }
}

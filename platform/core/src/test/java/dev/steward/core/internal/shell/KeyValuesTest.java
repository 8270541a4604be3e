package dev.steward.core.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void typesNumbersAndBooleansAndKeepsQuotedTextAsWritten() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("count", 3L);
        expected.put("price", 9.5);
        expected.put("urgent", true);
        expected.put("zip", "01234");
        expected.put("code", "42");
        expected.put("to", "a=b@example.com");
        assertEquals(expected, KeyValues.parse(List.of("count=3", "price=9.5", "urgent=true", "zip=01234", "code=\"42\"",
                "to=a=b@example.com")));
    }

    @Test
    void refusesAPairWithoutAKey() {
        var e = assertThrows(IllegalArgumentException.class, () -> KeyValues.parse(List.of("=x")));
        assertEquals("'=x' is not key=value", e.getMessage());
        assertEquals(Map.of(), KeyValues.parse(null));
    }
}

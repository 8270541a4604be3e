package dev.steward.spi.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementTest {

    @Test
    void defaultsNullParametersToEmpty() {
        assertEquals(Map.of(), new Statement("RETURN 1", null).parameters());
    }

    @Test
    void keepsNullParameterValues() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("validTo", null);

        Statement statement = new Statement("MATCH (m:Memory) SET m.validTo = $validTo", parameters);

        assertTrue(statement.parameters().containsKey("validTo"));
        assertNull(statement.parameters().get("validTo"));
    }

    @Test
    void rejectsBlankCypher() {
        assertThrows(IllegalArgumentException.class, () -> Statement.of("  "));
        assertThrows(NullPointerException.class, () -> Statement.of(null));
    }
}

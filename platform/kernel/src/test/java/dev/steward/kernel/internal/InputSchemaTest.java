package dev.steward.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.flow.InvalidFlowInputException;

class InputSchemaTest {

    private static final String PAYMENT = """
            {"type": "object", "required": ["to", "amount"], "additionalProperties": false,
             "properties": {"to": {"type": "string"}, "amount": {"type": "number"},
                            "currency": {"enum": ["EUR", "USD"]}, "count": {"type": "integer"},
                            "note": {"type": ["string", "null"]}}}""";

    private static String fault(String schema, Map<String, Object> input) {
        InvalidFlowInputException e = assertThrows(InvalidFlowInputException.class, () -> InputSchema.check(schema, input));
        return e.field() + ": " + e.getMessage();
    }

    @Test
    void anInputThatFitsPasses() {
        InputSchema.check(PAYMENT, Map.of("to", "acme", "amount", 12.5, "currency", "EUR", "count", 3));
        InputSchema.check("{}", Map.of("anything", List.of(1)));
        InputSchema.check(PAYMENT, new java.util.HashMap<>(Map.of("to", "acme", "amount", 1))); // an integer is a number
    }

    @Test
    void eachFaultNamesItsField() {
        assertEquals("amount: input field 'amount' must be of type number, was the text 'twelve'",
                fault(PAYMENT, Map.of("to", "acme", "amount", "twelve")));
        assertEquals("amount: input field 'amount' is required by the agent's input schema", fault(PAYMENT, Map.of("to", "acme")));
        assertEquals("iban: input field 'iban' is not in the agent's input schema",
                fault(PAYMENT, Map.of("to", "acme", "amount", 1, "iban", "x")));
        assertEquals("currency: input field 'currency' must be one of [EUR, USD], was GBP",
                fault(PAYMENT, Map.of("to", "acme", "amount", 1, "currency", "GBP")));
        assertEquals("count: input field 'count' must be of type integer, was 1.5",
                fault(PAYMENT, Map.of("to", "acme", "amount", 1, "count", 1.5)));
    }
}

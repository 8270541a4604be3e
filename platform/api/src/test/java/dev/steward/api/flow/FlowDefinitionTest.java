package dev.steward.api.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowDefinitionTest {

    private static StepDefinition step(String id, String... dependsOn) {
        return new StepDefinition(id, "cap." + id, Map.of(), List.of(dependsOn), null, null, null);
    }

    @Test
    void acceptsADiamond() {
        FlowDefinition flow = new FlowDefinition("triage", 1, null, List.of(
                step("d", "b", "c"), step("b", "a"), step("c", "a"), step("a")));

        assertEquals(4, flow.steps().size());
        assertEquals("", flow.description());
        assertTrue(flow.step("d").isPresent());
    }

    @Test
    void rejectsDuplicateStepIds() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FlowDefinition("triage", 1, "", List.of(step("a"), step("a"))));
        assertEquals("Flow 'triage' has two steps with id 'a'", error.getMessage());
    }

    @Test
    void rejectsUnknownDependency() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FlowDefinition("triage", 1, "", List.of(step("a"), step("b", "missing"))));
        assertEquals("Step 'b' of flow 'triage' depends on unknown step 'missing'", error.getMessage());
    }

    @Test
    void rejectsCycle() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FlowDefinition("triage", 1, "", List.of(step("a", "c"), step("b", "a"), step("c", "b"))));
        assertTrue(error.getMessage().contains("cycle"));
    }

    @Test
    void rejectsBlankIdAndNoSteps() {
        assertThrows(IllegalArgumentException.class, () -> new FlowDefinition(" ", 1, "", List.of(step("a"))));
        assertThrows(IllegalArgumentException.class, () -> new FlowDefinition("triage", 1, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FlowDefinition("triage", 0, "", List.of(step("a"))));
    }

    @Test
    void stepAppliesDefaultsAndValidates() {
        StepDefinition step = StepDefinition.of("classify", "ticket.classify");

        assertEquals(RetryPolicy.defaults(), step.retry());
        assertEquals(StepDefinition.DEFAULT_TIMEOUT, step.timeout());
        assertTrue(step.compensationCapability().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> step("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> StepDefinition.of("bad id", "cap"));
    }
}

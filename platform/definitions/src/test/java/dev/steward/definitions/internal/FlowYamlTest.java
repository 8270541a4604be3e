package dev.steward.definitions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepWait;

class FlowYamlTest {

    static final String FULL = """
            # a client signs up: welcome them, wait for a reply, follow up
            id: client-onboarding
            version: 2
            description: Welcomes a new client and follows up
            compensateOnFailure: true
            inputs:
              - {name: email, type: string, required: true, description: where to write}
              - name: plan
            steps:
              - id: welcome
                capability: mail.send
                input: {to: input.email, plan: input.plan}
                dependsOn: []
                retry: {maxAttempts: 5, initialBackoff: PT1S, maxBackoff: PT1M, multiplier: 3}
                timeout: PT30S
                compensation: mail.send-correction
              - id: wait-reply
                dependsOn: [welcome]
                wait: {signal: reply, timeout: P3D, onTimeout: {replied: false, tries: 1, ratio: 0.5, tags: [a, b], note: ~}}
              - id: pause
                dependsOn: [wait-reply]
                wait: {timer: PT1H}
              - id: follow-up
                capability: mail.send
                dependsOn: [pause, wait-reply]
                input:
                  to: input.email
                  replied: steps.wait-reply.replied
            """;

    @Test
    void readsAFullFile() throws Exception {
        FlowYaml.Parsed parsed = FlowYaml.parse("client-onboarding.yaml", FULL);
        FlowDefinition flow = parsed.definition();
        assertEquals("client-onboarding", flow.id());
        assertEquals(2, flow.version());
        assertEquals("Welcomes a new client and follows up", flow.description());
        assertTrue(flow.compensateOnFailure());
        assertEquals(List.of(new FlowInput("email", FlowInput.Type.STRING, true, "where to write"),
                new FlowInput("plan", FlowInput.Type.ANY, false, null)), flow.inputs());
        assertEquals(new StepDefinition("welcome", "mail.send", Map.of("to", "input.email", "plan", "input.plan"), List.of(),
                new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(1), 3.0), Duration.ofSeconds(30),
                "mail.send-correction", null), flow.steps().get(0));

        StepDefinition waitReply = flow.steps().get(1);
        assertEquals(StepDefinition.WAIT_CAPABILITY, waitReply.capability());
        assertEquals(List.of("welcome"), waitReply.dependsOn());
        assertEquals(RetryPolicy.defaults(), waitReply.retry());
        StepWait await = waitReply.waiting().orElseThrow();
        assertEquals("reply", await.signal());
        assertEquals(Duration.ofDays(3), await.timeout());
        Map<String, Object> onTimeout = new java.util.LinkedHashMap<>();
        onTimeout.put("replied", false);
        onTimeout.put("tries", 1);
        onTimeout.put("ratio", 0.5);
        onTimeout.put("tags", List.of("a", "b"));
        onTimeout.put("note", null);
        assertEquals(onTimeout, await.onTimeout());

        assertEquals(StepWait.timer(Duration.ofHours(1)), flow.steps().get(2).waiting().orElseThrow());
        StepDefinition followUp = flow.steps().get(3);
        assertEquals(Map.of("to", "input.email", "replied", "steps.wait-reply.replied"), followUp.inputMapping());
        assertEquals(List.of("pause", "wait-reply"), followUp.dependsOn());
        assertEquals(StepDefinition.DEFAULT_TIMEOUT, followUp.timeout());
        assertFalse(followUp.compensationCapability().isPresent());

        assertEquals(new FlowFileException.Position(2, 5), parsed.idAt());
        assertEquals(new FlowFileException.Position(3, 10), parsed.versionAt());
    }

    @Test
    void unknownKeyIsReportedAtTheKey() {
        assertError("""
                id: f
                version: 1
                steps:
                  - id: a
                    capabilty: x
                """, "f.yaml:5:5: unknown key 'capabilty' in a step; expected capability, compensation, dependsOn, id,"
                + " input, retry, timeout, wait");
        assertError("id: f\nversion: 1\nowner: me\nsteps: []\n", "f.yaml:3:1: unknown key 'owner' in the flow");
    }

    @Test
    void wrongTypesAreReportedAtTheValue() {
        assertError("id: f\nversion: \"2\"\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:2:10: 'version' must be a whole number, was the text '2'");
        assertError("id: f\nversion: 1\ncompensateOnFailure: sometimes\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:3:22: 'compensateOnFailure' must be true or false, was the text 'sometimes'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    dependsOn: b\n",
                "f.yaml:6:16: 'dependsOn' must be a list, was the text 'b'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: {name: x}\n",
                "f.yaml:5:17: 'capability' must be text, was a mapping");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    retry: {maxAttempts: many}\n",
                "f.yaml:6:26: 'maxAttempts' must be a whole number, was the text 'many'");
        assertError("id: f\nversion: 1\ninputs: [{name: e, type: text}]\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:3:26: 'type' must be one of string, number, boolean, object, array, any, was 'text'");
        assertError("- just\n- a list\n", "f.yaml:1:1: the flow must be a mapping (key: value), was a list");
    }

    @Test
    void badDurationIsReportedAtTheValue() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    timeout: 30s\n",
                "f.yaml:6:14: 'timeout' must be an ISO-8601 duration such as PT30S, PT5M, PT1H or P3D, was '30s'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {timer: 1 hour}\n",
                "f.yaml:5:19: 'timer' must be an ISO-8601 duration");
    }

    @Test
    void dependencyCycleIsReportedAtSteps() {
        assertError("""
                id: f
                version: 1
                steps:
                  - {id: a, capability: x, dependsOn: [c]}
                  - {id: b, capability: x, dependsOn: [a]}
                  - {id: c, capability: x, dependsOn: [b]}
                """, "f.yaml:3:1: Flow 'f' has a dependency cycle among its steps");
    }

    @Test
    void duplicateStepIdIsReportedAtTheSecondOne() {
        assertError("""
                id: f
                version: 1
                steps:
                  - id: a
                    capability: x
                  - id: b
                    capability: x
                  - id: a
                    capability: y
                """, "f.yaml:8:9: Flow 'f' has two steps with id 'a'");
    }

    @Test
    void unknownDependencyIsReportedAtTheItem() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    dependsOn:\n      - nope\n",
                "f.yaml:7:9: Step 'a' of flow 'f' depends on unknown step 'nope'");
    }

    @Test
    void missingCapabilityIsReportedAtTheStep() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n  - id: b\n    dependsOn: [a]\n",
                "f.yaml:6:5: step 'b' needs a 'capability' to call or a 'wait'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability:\n",
                "f.yaml:4:5: step 'a' needs a 'capability' to call or a 'wait'");
    }

    @Test
    void apiRecordMessagesAreReportedAtTheirPlace() {
        assertError("id: f\nversion: 0\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:2:10: Flow 'f' version must be at least 1, was 0");
        assertError("id: f\nversion: 1\nsteps: []\n", "f.yaml:3:1: Flow 'f' needs at least one step");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a b\n    capability: x\n",
                "f.yaml:4:5: Step id 'a b' must start with a letter or digit");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    retry: {initialBackoff: PT1M}\n",
                "f.yaml:6:12: Retry maxBackoff PT30S must not be shorter than initialBackoff PT1M");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    wait: {timer: PT1S}\n",
                "f.yaml:4:5: Step 'a' is a wait and cannot call capability 'x'");
        assertError("id: f\nversion: 1\ninputs: [{name: 1st}]\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:3:10: Input field name '1st' must start with a letter");
        assertError("id: f\nversion: 1\ninputs: [{name: e}, {name: e}]\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:3:28: input 'e' is declared twice");
    }

    @Test
    void inputPathsFollowTheKernelSyntax() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    input: {to: \"$.input.email\"}\n",
                "f.yaml:6:17: step 'a' input 'to': '$.input.email' must be input.<field> or steps.<step id>.<field>");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    capability: x\n    input: {to: steps.zz.email}\n",
                "f.yaml:6:17: step 'a' input 'to': 'steps.zz.email' must be");
    }

    @Test
    void waitsNeedSignalWithTimeoutOrTimer() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {signal: s}\n",
                "f.yaml:5:11: a wait for signal 's' needs a 'timeout'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {signal: s, timer: PT1S}\n",
                "f.yaml:5:23: a wait has either 'signal' or 'timer', not both");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {timer: PT1S, timeout: PT2S}\n",
                "f.yaml:5:25: a timer has no 'timeout'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {}\n",
                "f.yaml:5:11: a wait needs 'signal' (with 'timeout') or 'timer'");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {signal: s, timeout: PT1S, onTimeout: [x]}\n",
                "f.yaml:5:49: 'onTimeout' must be a mapping");
    }

    @Test
    void yamlProblemsCarryTheirPosition() {
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n   capability: x\n", "f.yaml:5:");
        assertError("id: f\nid: g\nversion: 1\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:2:1: key 'id' appears twice in the flow");
        assertError("", "f.yaml:1:1: the file is empty");
        assertError("# only a comment\n", "f.yaml:1:1: the file is empty");
        assertError("id: f\n---\nid: g\n", "f.yaml:2:1: invalid YAML: expected a single document in the stream, but found another document");
    }

    @Test
    void tagsNeverBuildObjects() {
        // SnakeYAML 2 refuses global tags while composing
        assertError("id: !!java.io.File /tmp\nversion: 1\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:1:5: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:java.io.File");
        assertError("id: !local f\nversion: 1\nsteps: [{id: a, capability: x}]\n",
                "f.yaml:1:5: 'id' must be text, was a value tagged !local");
        assertError("id: f\nversion: 1\nsteps:\n  - id: a\n    wait: {timer: PT1S, onTimeout: {x: !!binary aGk=}}\n",
                "f.yaml:5:40: 'onTimeout' holds a binary 'aGk=', which is not allowed");
        assertError("id: f\nversion: 1\nsteps: &s [{id: a, capability: x}]\n<<: {}\n",
                "f.yaml:4:1: a key must be text, was a merge '<<'");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        assertEquals("f", FlowYaml.parse("f.yaml", "\uFEFFid: f\nversion: 1\nsteps: [{id: a, capability: x}]\n")
                .definition().id());
    }

    private static void assertError(String yaml, String expected) {
        FlowFileException e = assertThrows(FlowFileException.class, () -> FlowYaml.parse("f.yaml", yaml));
        assertTrue(e.getMessage().startsWith(expected), () -> "expected '" + expected + "...', was '" + e.getMessage() + "'");
    }
}

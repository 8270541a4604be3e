package dev.steward.orchestration.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.spi.agent.Agent;

/**
 * Two small deterministic agents for the integration tests: {@code text.count} counts the words of a text, and
 * {@code note.write} writes a one-line note from a title and a count.
 */
final class TestAgents {

    static final String COUNT_IN = """
            {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}""";
    static final String COUNT_OUT = """
            {"type": "object", "properties": {"words": {"type": "integer"}, "first": {"type": "string"}}}""";
    static final String NOTE_IN = """
            {"type": "object", "required": ["title", "words"], "additionalProperties": false,
             "properties": {"title": {"type": "string"}, "words": {"type": "integer"}}}""";
    static final String NOTE_OUT = """
            {"type": "object", "properties": {"note": {"type": "string"}}}""";

    private TestAgents() {
    }

    static Agent counter() {
        return agent("counter", "text.count", COUNT_IN, COUNT_OUT, input -> {
            String[] words = String.valueOf(input.get("text")).trim().split("\\s+");
            return Map.of("words", words.length, "first", words[0]);
        });
    }

    static Agent noter() {
        return agent("noter", "note.write", NOTE_IN, NOTE_OUT,
                input -> Map.of("note", input.get("title") + ": " + input.get("words") + " words"));
    }

    private static Agent agent(String id, String capability, String in, String out,
            Function<Map<String, Object>, Map<String, Object>> work) {
        AgentDescriptor descriptor = new AgentDescriptor(id, "1.0.0", List.of(capability), in, out,
                AgentDescriptor.CostClass.LOW, true);
        return new Agent() {
            @Override
            public AgentDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public AgentResult execute(AgentRequest request) {
                return new AgentResult(work.apply(request.input()), id + " did it", 1.0, BigDecimal.ZERO);
            }
        };
    }
}

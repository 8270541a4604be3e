package dev.steward.model.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.ToolCall;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * The journal of model calls: one {@code (:ModelCall)} node per key, holding the answer (text, tool calls, model,
 * usage, cost, latency) once a backend gave one, or the failures while none did.
 */
final class ModelCallJournal {

    static final String ANSWERED = "ANSWERED";
    static final String FAILED = "FAILED";

    private static final String REUSE = """
            MATCH (c:ModelCall {key: $key}) WHERE c.outcome = 'ANSWERED'
            SET c.reused = coalesce(c.reused, 0) + 1
            RETURN c {.*} AS call
            """;
    private static final String RECORD = """
            MERGE (c:ModelCall {key: $key})
            SET c += $props, c.failures = coalesce(c.failures, []) + $failures, c.reused = coalesce(c.reused, 0)
            RETURN c {.*} AS call
            """;
    private static final String OF_FLOW = """
            MATCH (c:ModelCall {flowId: $flowId})
            RETURN c {.*} AS call ORDER BY c.at, c.key
            """;

    private final GraphStore store;
    private final Clock clock;

    ModelCallJournal(GraphStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The answer already paid for under this key, counted as reused; empty when there is none. */
    Optional<ChatResponse> reuse(ModelCallKey key) {
        return store.write(new Statement(REUSE, Map.of("key", key.value()))).stream().findFirst()
                .map(r -> response(call(r)));
    }

    void answered(ModelCallKey key, ModelTier tier, String backend, ChatResponse answer, List<String> failures) {
        Map<String, Object> props = common(key, tier, ANSWERED);
        props.put("backend", backend);
        props.put("model", answer.model());
        props.put("content", answer.content());
        props.put("toolCalls", toolCalls(answer.toolCalls()));
        props.put("promptTokens", answer.promptTokens());
        props.put("completionTokens", answer.completionTokens());
        props.put("costUsd", answer.costUsd().toPlainString());
        props.put("latencyMs", answer.latency().toMillis());
        record(key, props, failures);
    }

    void failed(ModelCallKey key, ModelTier tier, List<String> failures) {
        record(key, common(key, tier, FAILED), failures);
    }

    List<ModelCallRecord> calls(String flowId) {
        return store.read(new Statement(OF_FLOW, Map.of("flowId", flowId))).stream().map(r -> record(call(r))).toList();
    }

    private void record(ModelCallKey key, Map<String, Object> props, List<String> failures) {
        store.write(new Statement(RECORD, Map.of("key", key.value(), "props", props, "failures", failures)));
    }

    private Map<String, Object> common(ModelCallKey key, ModelTier tier, String outcome) {
        Map<String, Object> props = new HashMap<>();
        props.put("flowId", key.flowInstanceId());
        props.put("stepId", key.stepId());
        props.put("agentId", key.agentId());
        props.put("capability", key.capability());
        props.put("name", key.name());
        props.put("tier", tier.name());
        props.put("outcome", outcome);
        props.put("at", clock.millis());
        return props;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(Map<String, Object> row) {
        return (Map<String, Object>) row.get("call");
    }

    private static ChatResponse response(Map<String, Object> c) {
        return new ChatResponse((String) c.get("content"), (String) c.get("model"), number(c, "promptTokens"),
                number(c, "completionTokens"), new BigDecimal((String) c.get("costUsd")),
                Duration.ofMillis(number(c, "latencyMs")), toolCalls((String) c.get("toolCalls")));
    }

    @SuppressWarnings("unchecked")
    private static ModelCallRecord record(Map<String, Object> c) {
        ModelCallKey key = new ModelCallKey((String) c.get("flowId"), (String) c.get("stepId"),
                (String) c.get("agentId"), (String) c.get("capability"), (String) c.get("name"));
        boolean answered = ANSWERED.equals(c.get("outcome"));
        return new ModelCallRecord(key, ModelTier.valueOf((String) c.get("tier")), (String) c.get("outcome"),
                (String) c.get("backend"), (String) c.get("model"), number(c, "promptTokens"),
                number(c, "completionTokens"), answered ? new BigDecimal((String) c.get("costUsd")) : BigDecimal.ZERO,
                Duration.ofMillis(number(c, "latencyMs")), Instant.ofEpochMilli(((Number) c.get("at")).longValue()),
                (List<String>) c.get("failures"), ((Number) c.getOrDefault("reused", 0L)).longValue());
    }

    private static int number(Map<String, Object> c, String key) {
        Object v = c.get(key);
        return v == null ? 0 : ((Number) v).intValue();
    }

    private static String toolCalls(List<ToolCall> calls) {
        List<Map<String, String>> out = new ArrayList<>();
        calls.forEach(c -> out.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.arguments())));
        try {
            return OpenAiTransport.JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Tool calls cannot be written as JSON", e);
        }
    }

    private static List<ToolCall> toolCalls(String json) {
        try {
            List<Map<String, String>> calls = OpenAiTransport.JSON.readValue(json == null ? "[]" : json,
                    new TypeReference<List<Map<String, String>>>() { });
            return calls.stream().map(m -> new ToolCall(m.get("id"), m.get("name"), m.get("arguments"))).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A journaled model call's tool calls are not JSON", e);
        }
    }
}

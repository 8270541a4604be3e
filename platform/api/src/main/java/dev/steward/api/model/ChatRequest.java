package dev.steward.api.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion request, routed to a backend by tier and sensitivity.
 *
 * @param messages the conversation so far, at least one message
 * @param tier the tier of model wanted
 * @param jsonSchema the JSON Schema the answer must match, as text, or {@code null} for free text
 * @param timeout the longest the call may take, positive
 * @param containsSensitive whether the messages hold sensitive data, which only local backends may see
 * @param tools the tools the model may call ({@code null} becomes empty); names unique
 */
public record ChatRequest(List<ChatMessage> messages, ModelTier tier, String jsonSchema, Duration timeout,
        boolean containsSensitive, List<ToolSpec> tools) {

    /** Validates the fields and copies the messages and tools. */
    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("Chat request needs at least one message");
        }
        Objects.requireNonNull(tier, "tier");
        if (jsonSchema != null && jsonSchema.isBlank()) {
            throw new IllegalArgumentException("Chat request JSON schema must be null or not blank");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Chat request timeout must be positive, was " + timeout);
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (tools.stream().map(ToolSpec::name).distinct().count() != tools.size()) {
            throw new IllegalArgumentException("Chat request tool names must be unique");
        }
    }

    /**
     * A request without tools.
     *
     * @param messages the conversation so far
     * @param tier the tier of model wanted
     * @param jsonSchema the JSON Schema of the answer, or {@code null}
     * @param timeout the longest the call may take
     * @param containsSensitive whether the messages hold sensitive data
     */
    public ChatRequest(List<ChatMessage> messages, ModelTier tier, String jsonSchema, Duration timeout,
            boolean containsSensitive) {
        this(messages, tier, jsonSchema, timeout, containsSensitive, null);
    }
}

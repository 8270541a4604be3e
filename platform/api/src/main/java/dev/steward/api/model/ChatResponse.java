package dev.steward.api.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A model's answer to a chat request, with what it used and cost.
 *
 * @param content the answer text, JSON when the request gave a schema
 * @param model the model that answered, not blank
 * @param promptTokens tokens read, not negative
 * @param completionTokens tokens written, not negative
 * @param costUsd the cost in US dollars, not negative ({@code null} becomes zero)
 * @param latency how long the call took, not negative
 * @param toolCalls the tools the model called ({@code null} becomes empty); {@code content} may then be empty
 */
public record ChatResponse(String content, String model, int promptTokens, int completionTokens, BigDecimal costUsd,
        Duration latency, List<ToolCall> toolCalls) {

    /** Validates the fields. */
    public ChatResponse {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("Chat response model must not be blank");
        }
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("Token counts must not be negative");
        }
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("Chat cost must not be negative, was " + costUsd);
        }
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("Chat latency must not be negative, was " + latency);
        }
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /**
     * An answer without tool calls.
     *
     * @param content the answer text
     * @param model the model that answered
     * @param promptTokens tokens read
     * @param completionTokens tokens written
     * @param costUsd the cost in US dollars
     * @param latency how long the call took
     */
    public ChatResponse(String content, String model, int promptTokens, int completionTokens, BigDecimal costUsd,
            Duration latency) {
        this(content, model, promptTokens, completionTokens, costUsd, latency, null);
    }
}

package dev.steward.api.model;

import java.util.List;
import java.util.Objects;

/**
 * One message of a chat with a model.
 *
 * @param role who speaks
 * @param content what is said, not {@code null}
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers; else {@code null}
 * @param toolCalls for an {@link Role#ASSISTANT} message, the tools it called ({@code null} becomes empty)
 */
public record ChatMessage(Role role, String content, String toolCallId, List<ToolCall> toolCalls) {

    /** Who speaks a message. */
    public enum Role {
        /** Instructions that frame the chat. */
        SYSTEM,
        /** The asking side. */
        USER,
        /** The model. */
        ASSISTANT,
        /** The result of a tool call. */
        TOOL
    }

    /** Validates the fields and copies the tool calls. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if ((role == Role.TOOL) != (toolCallId != null && !toolCallId.isBlank())) {
            throw new IllegalArgumentException("A tool message, and only a tool message, names the call it answers");
        }
        if (role != Role.ASSISTANT && !toolCalls.isEmpty()) {
            throw new IllegalArgumentException("Only an assistant message calls tools");
        }
    }

    /**
     * A message without tool calls.
     *
     * @param role who speaks; not {@link Role#TOOL}
     * @param content what is said
     */
    public ChatMessage(Role role, String content) {
        this(role, content, null, null);
    }

    /**
     * A system message.
     *
     * @param content the instructions
     * @return the message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    /**
     * A user message.
     *
     * @param content the question or input
     * @return the message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    /**
     * The model's earlier answer, with the tools it called.
     *
     * @param content what it said (may be empty when it only called tools)
     * @param toolCalls the tools it called
     * @return the message
     * @since 1.1
     */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, content, null, toolCalls);
    }

    /**
     * A tool's answer to a call.
     *
     * @param toolCallId the call it answers
     * @param content the result
     * @return the message
     * @since 1.1
     */
    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage(Role.TOOL, content, toolCallId, null);
    }
}

package dev.steward.api.model;

import java.util.Objects;

/**
 * One message of a chat with a model.
 *
 * @param role who speaks
 * @param content what is said, not {@code null}
 */
public record ChatMessage(Role role, String content) {

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

    /** Validates the fields. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
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
}

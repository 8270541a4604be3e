package dev.steward.api.memory;

/** How long a memory item lives. */
public enum MemoryTier {
    /** Lives for one flow instance. */
    EPHEMERAL,
    /** Lives for a conversation or session spanning flow instances. */
    SESSION,
    /** Lives until it is invalidated or forgotten. */
    KNOWLEDGE
}

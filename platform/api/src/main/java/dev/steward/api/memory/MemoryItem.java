package dev.steward.api.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One remembered fact or text, with where it came from and when it holds.
 *
 * @param id the item id, not blank
 * @param tier how long it lives
 * @param kind what sort of item it is, such as {@code fact} or {@code preference}, not blank
 * @param content the text, not {@code null}
 * @param metadata extra labels ({@code null} becomes empty); {@link #SUBJECT} names who it is about
 * @param provenance where it came from
 * @param validFrom from when it holds
 * @param validTo until when it holds (exclusive), or {@code null} while it still holds
 * @param sensitive whether it holds personal or secret data that must stay on local models
 */
public record MemoryItem(
        String id,
        MemoryTier tier,
        String kind,
        String content,
        Map<String, String> metadata,
        Provenance provenance,
        Instant validFrom,
        Instant validTo,
        boolean sensitive) {

    /** The metadata key naming the subject an item is about, used by {@link Memory#forget}. */
    public static final String SUBJECT = "subject";

    /** Validates the fields and copies the metadata. */
    public MemoryItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank() || kind.isBlank()) {
            throw new IllegalArgumentException("Memory item id and kind must not be blank");
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(content, "content");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(validFrom, "validFrom");
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("Memory item " + id + " must end after it starts");
        }
    }

    /**
     * Tells whether the item holds at an instant.
     *
     * @param instant the instant
     * @return {@code true} when {@code validFrom <= instant < validTo}
     */
    public boolean validAt(Instant instant) {
        return !instant.isBefore(validFrom) && (validTo == null || instant.isBefore(validTo));
    }
}

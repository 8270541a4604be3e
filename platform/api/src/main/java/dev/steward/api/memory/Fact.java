package dev.steward.api.memory;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement about an entity, with its validity in the world and its lifetime in the system
 * (bi-temporal): it holds from {@code validFrom} until {@code validTo} in the world, and the system
 * believed it from {@code recordedAt} until {@code retractedAt}.
 *
 * @param id the fact id, not blank
 * @param subjectId the entity the fact is about, not blank
 * @param predicate what is said, such as {@code worksFor}, not blank
 * @param objectId the entity it points to, or {@code null} when the fact has a value
 * @param value the literal value, or {@code null} when the fact points to an entity
 * @param confidence how sure the source was, from 0 to 1
 * @param validFrom from when it holds in the world
 * @param validTo until when it holds in the world (exclusive), or {@code null} while it still holds
 * @param recordedAt when the system recorded it
 * @param retractedAt when the system stopped believing this record, or {@code null} while it does
 * @param provenance where it came from
 */
public record Fact(
        String id,
        String subjectId,
        String predicate,
        String objectId,
        String value,
        double confidence,
        Instant validFrom,
        Instant validTo,
        Instant recordedAt,
        Instant retractedAt,
        Provenance provenance) {

    /** Validates the fields. */
    public Fact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subjectId, "subjectId");
        Objects.requireNonNull(predicate, "predicate");
        if (id.isBlank() || subjectId.isBlank() || predicate.isBlank()) {
            throw new IllegalArgumentException("Fact id, subject and predicate must not be blank");
        }
        if ((objectId == null) == (value == null)) {
            throw new IllegalArgumentException("Fact " + id + " needs exactly one of an object entity or a value");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Fact confidence must be between 0 and 1, was " + confidence);
        }
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(provenance, "provenance");
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("Fact " + id + " must end after it starts");
        }
    }

    /**
     * Tells whether this record is believed and holds in the world at an instant.
     *
     * @param instant the instant
     * @return {@code true} when not retracted and {@code validFrom <= instant < validTo}
     */
    public boolean currentAt(Instant instant) {
        return retractedAt == null && !instant.isBefore(validFrom) && (validTo == null || instant.isBefore(validTo));
    }
}

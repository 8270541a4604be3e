package dev.steward.api.memory;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request to assert a fact about an entity.
 *
 * @param subjectId the entity the fact is about, not blank
 * @param predicate what is said: a letter, then up to 99 letters, digits or {@code _ . : -}
 * @param objectId the entity it points to, or {@code null} when the fact has a value
 * @param value the literal value (at most {@value #MAX_VALUE} characters), or {@code null} when it points to an entity
 * @param singleValued whether the subject has at most one current fact for this predicate, so that a
 *        different one closes the current one (such as {@code email}); {@code false} for predicates like {@code knows}
 * @param confidence how sure the source is, from 0 to 1
 * @param validFrom from when it holds in the world
 * @param validTo until when it holds in the world (exclusive), or {@code null} when its end is not known
 * @param provenance where it came from
 */
public record FactAssertion(
        String subjectId,
        String predicate,
        String objectId,
        String value,
        boolean singleValued,
        double confidence,
        Instant validFrom,
        Instant validTo,
        Provenance provenance) {

    /** The longest literal value accepted, in characters. */
    public static final int MAX_VALUE = 10_000;

    private static final Pattern PREDICATE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,99}");

    /** Validates the fields. */
    public FactAssertion {
        if (subjectId == null || subjectId.isBlank()) {
            throw new IllegalArgumentException("Fact subject id must not be blank");
        }
        if (predicate == null || !PREDICATE.matcher(predicate).matches()) {
            throw new IllegalArgumentException("Fact predicate '" + predicate
                    + "' must be a letter followed by up to 99 letters, digits, '_', '.', ':' or '-'");
        }
        if ((objectId == null) == (value == null)) {
            throw new IllegalArgumentException("Fact '" + predicate + "' needs exactly one of an object entity id or a value");
        }
        if (objectId != null && objectId.isBlank()) {
            throw new IllegalArgumentException("Fact object entity id must not be blank");
        }
        if (value != null && (value.isBlank() || value.length() > MAX_VALUE)) {
            throw new IllegalArgumentException("Fact value must be 1 to " + MAX_VALUE + " characters, was " + value.length());
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("Fact confidence must be between 0 and 1, was " + confidence);
        }
        Objects.requireNonNull(validFrom, "Fact validFrom must be given");
        if (validTo != null && !validTo.isAfter(validFrom)) {
            throw new IllegalArgumentException("Fact validTo " + validTo + " must be after validFrom " + validFrom);
        }
        Objects.requireNonNull(provenance, "Fact provenance must be given");
    }

    /**
     * A request to assert a fact whose end is not known.
     *
     * @param subjectId the entity the fact is about
     * @param predicate what is said
     * @param objectId the entity it points to, or {@code null}
     * @param value the literal value, or {@code null}
     * @param singleValued whether the subject has at most one current fact for this predicate
     * @param confidence how sure the source is, from 0 to 1
     * @param validFrom from when it holds in the world
     * @param provenance where it came from
     */
    public FactAssertion(String subjectId, String predicate, String objectId, String value, boolean singleValued,
            double confidence, Instant validFrom, Provenance provenance) {
        this(subjectId, predicate, objectId, value, singleValued, confidence, validFrom, null, provenance);
    }
}

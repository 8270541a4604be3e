package dev.steward.api.connector;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Proof that an effect was delivered, kept in the journal and handed back to compensate it.
 *
 * @param externalId the id the outside system gave the effect, such as a message or ticket id
 * @param at when it was delivered
 * @param details whatever else compensation needs ({@code null} becomes empty); values may be {@code null}
 */
public record EffectReceipt(String externalId, Instant at, Map<String, Object> details) {

    /** Validates the fields and copies the details. */
    public EffectReceipt {
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isBlank()) {
            throw new IllegalArgumentException("Effect receipt external id must not be blank");
        }
        Objects.requireNonNull(at, "at");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    }
}

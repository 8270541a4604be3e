package dev.steward.api.connector;

import dev.steward.api.flow.IdempotencyKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change in an outside system that a flow step asks a connector to make, such as sending a
 * mail or creating a ticket.
 *
 * @param capability the capability, one the connector delivers, not blank
 * @param payload what to deliver ({@code null} becomes empty); values may be {@code null}
 * @param key the idempotency key; a connector passes it on, or remembers it, so that a retry
 *     does not deliver twice
 */
public record Effect(String capability, Map<String, Object> payload, IdempotencyKey key) {

    /** Validates the fields and copies the payload. */
    public Effect {
        Objects.requireNonNull(capability, "capability");
        if (capability.isBlank()) {
            throw new IllegalArgumentException("Effect capability must not be blank");
        }
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload == null ? Map.of() : payload));
        Objects.requireNonNull(key, "key");
    }
}

package dev.steward.api.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An outbound effect that a step asks for in its result, such as a mail to send. The kernel records it in the
 * outbox in the same transaction as the step's result, gives it the key {@code <step key>#<n>} (n counts the step's
 * effects from 1), and the fabric delivers it afterwards through the connector that offers its capability, with that
 * key on every attempt.
 *
 * @param capability the effect capability, such as {@code webhook.post}, not blank
 * @param payload what to deliver ({@code null} becomes empty); values may be {@code null}
 * @since 1.1
 */
public record EffectRequest(String capability, Map<String, Object> payload) {

    /** Validates the fields and copies the payload. */
    public EffectRequest {
        Objects.requireNonNull(capability, "capability");
        if (capability.isBlank()) {
            throw new IllegalArgumentException("Effect capability must not be blank");
        }
        payload = Collections.unmodifiableMap(new LinkedHashMap<>(payload == null ? Map.of() : payload));
    }
}

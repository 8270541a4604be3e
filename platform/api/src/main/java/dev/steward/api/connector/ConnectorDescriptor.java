package dev.steward.api.connector;

import java.util.List;
import java.util.Objects;

/**
 * What a connector is and offers.
 *
 * @param id the connector instance id, not blank
 * @param type the connector type, such as {@code mail} or {@code http}, not blank
 * @param direction whether it receives, sends, or both
 * @param capabilities the effect capabilities it delivers ({@code null} becomes empty, for inbound-only)
 * @param compensable whether it can undo a delivered effect
 */
public record ConnectorDescriptor(
        String id, String type, Direction direction, List<String> capabilities, boolean compensable) {

    /** Which way a connector moves data. */
    public enum Direction {
        /** Brings events into Steward. */
        INBOUND,
        /** Delivers effects out of Steward. */
        OUTBOUND,
        /** Does both. */
        BOTH
    }

    /** Validates the fields and copies the capabilities. */
    public ConnectorDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        if (id.isBlank() || type.isBlank()) {
            throw new IllegalArgumentException("Connector id and type must not be blank");
        }
        Objects.requireNonNull(direction, "direction");
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        if (capabilities.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("Connector '" + id + "' lists a blank capability");
        }
    }
}

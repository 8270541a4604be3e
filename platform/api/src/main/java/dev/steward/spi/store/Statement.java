package dev.steward.spi.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Cypher statement with its parameters. The Cypher text must never contain values: every
 * value goes in {@code parameters} and is referenced as {@code $name}, which prevents injection
 * and lets the server cache the plan.
 *
 * @param cypher the Cypher text, not blank
 * @param parameters the named parameters ({@code null} becomes empty); values may be {@code null}
 */
public record Statement(String cypher, Map<String, Object> parameters) {

    /** Validates the text and copies the parameters, keeping {@code null} values. */
    public Statement {
        Objects.requireNonNull(cypher, "cypher");
        if (cypher.isBlank()) {
            throw new IllegalArgumentException("Cypher statement must not be blank");
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    /**
     * Creates a statement without parameters.
     *
     * @param cypher the Cypher text
     * @return the statement
     */
    public static Statement of(String cypher) {
        return new Statement(cypher, Map.of());
    }
}

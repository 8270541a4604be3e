package dev.steward.api.memory;

import java.util.Map;
import java.util.Objects;

/**
 * A thing the knowledge bank knows about: a person, an organization, a project, a document or an
 * operator-defined type.
 *
 * @param id the entity id, not blank
 * @param type the entity type, such as {@code person}, not blank
 * @param name the display name, not blank
 * @param email the e-mail address that identifies it, or {@code null}
 * @param attributes extra labels ({@code null} becomes empty)
 */
public record Entity(String id, String type, String name, String email, Map<String, String> attributes) {

    /** Validates the fields and copies the attributes. */
    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (id.isBlank() || type.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("Entity id, type and name must not be blank");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}

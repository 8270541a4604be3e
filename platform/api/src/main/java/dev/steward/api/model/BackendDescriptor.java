package dev.steward.api.model;

import java.util.Objects;
import java.util.Set;

/**
 * What a model backend is and offers.
 *
 * @param id the backend id, not blank
 * @param local whether the models run on this machine or network, so sensitive data may go to it
 * @param tiers the tiers it serves, at least one
 */
public record BackendDescriptor(String id, boolean local, Set<ModelTier> tiers) {

    /** Validates the fields and copies the tiers. */
    public BackendDescriptor {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Model backend id must not be blank");
        }
        tiers = Set.copyOf(Objects.requireNonNull(tiers, "tiers"));
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("Model backend '" + id + "' must serve at least one tier");
        }
    }
}

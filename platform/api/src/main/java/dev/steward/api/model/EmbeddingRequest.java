package dev.steward.api.model;

import java.util.List;
import java.util.Objects;

/**
 * A request to embed texts as vectors.
 *
 * @param texts the texts, at least one
 * @param model the embedding model, or {@code null} for the backend's default
 */
public record EmbeddingRequest(List<String> texts, String model) {

    /** Validates the fields and copies the texts. */
    public EmbeddingRequest {
        texts = List.copyOf(Objects.requireNonNull(texts, "texts"));
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("Embedding request needs at least one text");
        }
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("Embedding model must be null or not blank");
        }
    }
}

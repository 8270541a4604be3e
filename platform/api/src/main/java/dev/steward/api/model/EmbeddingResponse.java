package dev.steward.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The embeddings of the texts of a request, one per text and in the same order.
 *
 * @param vectors the embeddings, at least one, all of the same dimension
 * @param model the model that made them, not blank; vectors of different models must not be compared
 */
public record EmbeddingResponse(List<Embedding> vectors, String model) {

    /** Validates the fields and copies the vectors. */
    public EmbeddingResponse {
        vectors = List.copyOf(Objects.requireNonNull(vectors, "vectors"));
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("Embedding response needs at least one vector");
        }
        int dimensions = vectors.get(0).dimensions();
        if (vectors.stream().anyMatch(vector -> vector.dimensions() != dimensions)) {
            throw new IllegalArgumentException("All embeddings of a response must have " + dimensions + " dimensions");
        }
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("Embedding response model must not be blank");
        }
    }
}

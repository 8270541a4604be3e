package dev.steward.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void comparesByContentAndCopiesInAndOut() {
        float[] values = {0.1f, 0.2f};
        Embedding embedding = new Embedding(values);
        values[0] = 9f;
        embedding.values()[1] = 9f;

        assertEquals(new Embedding(new float[] {0.1f, 0.2f}), embedding);
        assertEquals(new Embedding(new float[] {0.1f, 0.2f}).hashCode(), embedding.hashCode());
        assertEquals(0.2f, embedding.get(1));
    }

    @Test
    void responseRejectsMixedDimensions() {
        List<Embedding> mixed = List.of(new Embedding(new float[] {1f}), new Embedding(new float[] {1f, 2f}));

        assertThrows(IllegalArgumentException.class, () -> new EmbeddingResponse(mixed, "nomic-embed-text"));
    }
}

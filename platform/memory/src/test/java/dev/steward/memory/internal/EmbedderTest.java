package dev.steward.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.Embedding;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.api.model.ModelTier;
import dev.steward.spi.model.ModelBackend;

/** The memory's embedder never fails its caller: no backend, a failing one or a wrong dimension give nothing. */
class EmbedderTest {

    record Fixed(int dimensions) implements ModelBackend {
        @Override
        public BackendDescriptor descriptor() {
            return new BackendDescriptor("fixed", true, Set.of(ModelTier.CHEAP));
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public EmbeddingResponse embed(EmbeddingRequest request) {
            assertTrue(request.texts().stream().allMatch(t -> t.length() <= Embedder.MAX_CHARS), "texts are cut");
            return new EmbeddingResponse(request.texts().stream().map(t -> new Embedding(new float[dimensions])).toList(),
                    "m" + dimensions);
        }
    }

    @Test
    void noBackendGivesNothingAndSaysSo() {
        Embedder e = new Embedder(() -> null);
        assertTrue(e.embed("x").isEmpty());
        assertTrue(e.state().startsWith("no embedding backend"), e.state());
    }

    @Test
    void aFailingBackendIsCountedAndGivesNothing() {
        ConceptEmbeddings failing = new ConceptEmbeddings();
        failing.failing = true;
        Embedder e = new Embedder(() -> failing);
        assertTrue(e.embed("x").isEmpty());
        assertTrue(e.embed(List.of("x", "y")).isEmpty());
        assertEquals(2, e.failures());
        assertTrue(e.state().contains("failed (model host unreachable (test))"), e.state());
    }

    @Test
    void vectorsTheIndexCannotHoldAreRefused() {
        Embedder e = new Embedder(() -> new Fixed(768));
        assertTrue(e.embed("x").isEmpty());
        assertTrue(e.state().contains("gives 768-dimensional vectors; the store's vector index holds 384"), e.state());
        Embedder ok = new Embedder(() -> new Fixed(384));
        var v = ok.embed(List.of("a".repeat(20_000), "b")).orElseThrow();
        assertEquals(2, v.values().size());
        assertEquals("m384", v.model());
    }
}

package dev.steward.memory.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.spi.model.ModelBackend;

/**
 * Embeds texts for the knowledge bank through the embedding backend when there is one, and never fails: without a
 * backend, or when it fails or gives vectors the index cannot hold, the caller gets nothing and goes on without
 * vectors (the episode waits for the backfill; the search is fulltext only). Each change of that state is logged
 * once, and failures are counted.
 */
final class Embedder {

    /** The dimension of the store's vector index (migration 9): the default local model's. */
    static final int DIMENSIONS = 384;
    /** Texts are cut to this many characters before embedding (models read a few hundred tokens at most). */
    static final int MAX_CHARS = 8_000;
    private static final Logger LOG = LoggerFactory.getLogger(Embedder.class);

    private final Supplier<ModelBackend> backend;
    private final AtomicLong failures = new AtomicLong();
    private volatile String state = "";

    Embedder(Supplier<ModelBackend> backend) {
        this.backend = backend;
    }

    /** Vectors of one model for the texts, or empty when there is no usable embedding backend now. */
    Optional<Vectors> embed(List<String> texts) {
        ModelBackend b = backend.get();
        if (b == null) {
            changeTo("no embedding backend: search is fulltext only and episodes are embedded when one comes");
            return Optional.empty();
        }
        try {
            EmbeddingResponse r = b.embed(new EmbeddingRequest(
                    texts.stream().map(t -> t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t).toList(), null));
            if (r.vectors().size() != texts.size()) {
                throw new IllegalStateException(r.vectors().size() + " vectors for " + texts.size() + " texts");
            }
            int d = r.vectors().get(0).dimensions();
            if (d != DIMENSIONS) {
                throw new IllegalStateException("model " + r.model() + " gives " + d
                        + "-dimensional vectors; the store's vector index holds " + DIMENSIONS);
            }
            changeTo("embedding with " + b.descriptor().id() + " (model " + r.model() + ")");
            return Optional.of(new Vectors(r.vectors().stream().map(v -> v.values()).toList(), r.model()));
        } catch (Exception e) {
            failures.incrementAndGet();
            changeTo("embedding backend " + b.descriptor().id() + " failed (" + e.getMessage()
                    + "): search is fulltext only until it answers");
            return Optional.empty();
        }
    }

    /** The vector of one text, or empty. */
    Optional<Vector> embed(String text) {
        return embed(List.of(text)).map(v -> new Vector(v.values().get(0), v.model()));
    }

    /**
     * The vector of a text marked sensitive (or not): a sensitive text goes only to a backend whose models run on
     * this machine or network ({@code BackendDescriptor.local}); for a remote one it is not sent and there is no vector.
     */
    Optional<Vector> embed(String text, boolean sensitive) {
        return sensitive && !local() ? Optional.empty() : embed(text);
    }

    /** Whether the current backend may see sensitive text: it runs locally. False without a backend. */
    boolean local() {
        ModelBackend b = backend.get();
        return b != null && b.descriptor().local();
    }

    /** Whether an episode's labels mark it sensitive ({@code sensitive=true}). */
    static boolean sensitive(java.util.Map<String, String> labels) {
        return "true".equalsIgnoreCase(labels.get(SENSITIVE));
    }

    /** The metadata label that marks content never to be sent to a remote model backend. */
    static final String SENSITIVE = "sensitive";

    /** How many embedding calls failed since start. */
    long failures() {
        return failures.get();
    }

    /** The current state, as last logged. */
    String state() {
        return state;
    }

    private void changeTo(String now) {
        // the failure text may differ call to call; log when the kind of state changes
        String kind = now.substring(0, Math.min(now.length(), 24));
        if (!state.startsWith(kind)) {
            if (now.contains("failed") || now.startsWith("no ")) {
                LOG.warn("Knowledge bank: {}", now);
            } else {
                LOG.info("Knowledge bank: {}", now);
            }
        }
        state = now;
    }

    /** Vectors of one model, one per text. */
    record Vectors(List<float[]> values, String model) {
    }

    /** One text's vector and the model that made it; vectors of different models are never compared. */
    record Vector(float[] values, String model) {
    }
}

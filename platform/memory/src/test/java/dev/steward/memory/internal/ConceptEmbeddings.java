package dev.steward.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.Embedding;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.api.model.ModelTier;
import dev.steward.spi.model.ModelBackend;

/**
 * A deterministic stand-in for a sentence-embedding model, for the ranking tests: words of a synonym group share one
 * direction (so it finds paraphrases that share no word), other words get their own, and like small sentence models
 * it does not tell identifiers apart (tokens with digits carry no meaning here). 384 dimensions, unit length.
 */
final class ConceptEmbeddings implements ModelBackend {

    static final String MODEL = "concept-test-384";
    static final List<Set<String>> SYNONYMS = List.of(
            Set.of("invoice", "bill", "billing"), Set.of("car", "automobile", "vehicle"),
            Set.of("meeting", "appointment", "rendezvous"), Set.of("contract", "agreement", "covenant"),
            Set.of("dog", "puppy", "hound"), Set.of("holiday", "vacation", "leave"),
            Set.of("laptop", "notebook", "computer"), Set.of("doctor", "physician", "clinician"),
            Set.of("house", "home", "residence"), Set.of("late", "overdue", "delayed"),
            Set.of("cheap", "inexpensive", "affordable"), Set.of("angry", "furious", "upset"),
            Set.of("shipment", "delivery", "parcel"), Set.of("salary", "wage", "pay"),
            Set.of("repair", "fix", "mend"), Set.of("lawyer", "attorney", "counsel"),
            Set.of("flight", "plane", "airfare"), Set.of("hotel", "lodging", "accommodation"),
            Set.of("refund", "reimbursement", "repayment"), Set.of("complaint", "grievance", "objection"));
    private static final Set<String> STOP = Set.of("the", "a", "an", "of", "to", "and", "about", "for", "with", "in",
            "on", "ref", "was", "is", "by", "our", "my", "his", "her", "their");

    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    @Override
    public BackendDescriptor descriptor() {
        return new BackendDescriptor("concept-test", true, Set.of(ModelTier.CHEAP));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        throw new UnsupportedOperationException("no chat");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) throws Exception {
        calls.incrementAndGet();
        if (failing) {
            throw new java.io.IOException("model host unreachable (test)");
        }
        List<Embedding> out = new ArrayList<>();
        for (String text : request.texts()) {
            out.add(new Embedding(vector(text)));
        }
        return new EmbeddingResponse(out, MODEL);
    }

    static float[] vector(String text) {
        float[] v = new float[Embedder.DIMENSIONS];
        v[0] = 0.01f; // never the zero vector, which has no cosine
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (token.isEmpty() || STOP.contains(token) || token.chars().anyMatch(Character::isDigit)) {
                continue;
            }
            String concept = concept(token);
            int h = concept.hashCode();
            v[1 + Math.floorMod(h, Embedder.DIMENSIONS - 1)] += 1f;
            v[1 + Math.floorMod(h * 31 + 7, Embedder.DIMENSIONS - 1)] += (h & 1) == 0 ? 0.5f : -0.5f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static String concept(String token) {
        for (Set<String> group : SYNONYMS) {
            if (group.contains(token)) {
                return group.stream().sorted().findFirst().orElseThrow();
            }
        }
        return token;
    }

    static final Map<String, String> NONE = Map.of();
}

package dev.steward.model.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.steward.api.model.Embedding;
import dev.steward.api.model.EmbeddingResponse;

/**
 * A client of the OpenAI-compatible {@code POST <base>/embeddings} protocol (OpenAI, Ollama, vLLM, LM Studio and the
 * platform's own model host all speak it), on the JDK's HTTP client. Every failure becomes an
 * {@link ModelFailure} of a kind the caller can act on.
 */
final class OpenAiEmbeddings {

    private final OpenAiTransport transport;
    private final Duration timeout;

    /**
     * @param base the API base, e.g. {@code http://127.0.0.1:11435/v1}; {@code /embeddings} is appended
     * @param apiKey the bearer key, or a supplier of {@code null} for none (local servers)
     * @param timeout how long one request may take
     */
    OpenAiEmbeddings(URI base, Supplier<String> apiKey, Duration timeout, Clock clock) {
        this.transport = new OpenAiTransport(base, "/embeddings", apiKey, timeout, clock);
        this.timeout = timeout;
    }

    URI endpoint() {
        return transport.endpoint();
    }

    /** Embeds the texts with the model; one vector per text, in order. */
    EmbeddingResponse embed(List<String> texts, String model) throws ModelFailure {
        return parse(transport.post(body(texts, model), timeout), texts.size(), model);
    }

    private String body(List<String> texts, String model) {
        ObjectNode body = OpenAiTransport.JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        body.put("encoding_format", "float");
        return body.toString();
    }

    private EmbeddingResponse parse(String body, int expected, String requestedModel) throws ModelFailure {
        try {
            JsonNode root = OpenAiTransport.JSON.readTree(body);
            JsonNode data = root == null ? null : root.get("data");
            if (data == null || !data.isArray()) {
                throw malformed("no 'data' array");
            }
            if (data.size() != expected) {
                throw malformed(data.size() + " embeddings for " + expected + " texts");
            }
            float[][] vectors = new float[expected][];
            for (int i = 0; i < data.size(); i++) {
                JsonNode item = data.get(i);
                int index = item.path("index").isInt() ? item.get("index").asInt() : i;
                if (index < 0 || index >= expected || vectors[index] != null) {
                    throw malformed("bad or repeated index " + index);
                }
                vectors[index] = vector(item.get("embedding"), index);
            }
            List<Embedding> out = new ArrayList<>(expected);
            for (float[] v : vectors) {
                out.add(new Embedding(v));
            }
            String model = root.path("model").isTextual() && !root.get("model").asText().isBlank()
                    ? root.get("model").asText() : requestedModel;
            return new EmbeddingResponse(out, model);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private float[] vector(JsonNode embedding, int index) throws ModelFailure {
        if (embedding == null || !embedding.isArray() || embedding.isEmpty()) {
            throw malformed("embedding " + index + " is not a non-empty array of numbers (base64 is not supported)");
        }
        float[] v = new float[embedding.size()];
        for (int j = 0; j < v.length; j++) {
            JsonNode x = embedding.get(j);
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw malformed("embedding " + index + " component " + j + " is not a finite number");
            }
            v[j] = (float) x.asDouble();
        }
        return v;
    }

    private ModelFailure malformed(String why) {
        return transport.malformed("embeddings", why);
    }
}

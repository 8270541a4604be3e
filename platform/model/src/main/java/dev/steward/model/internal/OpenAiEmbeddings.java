package dev.steward.model.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.steward.api.model.Embedding;
import dev.steward.api.model.EmbeddingResponse;

/**
 * A client of the OpenAI-compatible {@code POST <base>/embeddings} protocol (OpenAI, Ollama, vLLM, LM Studio and the
 * platform's own model host all speak it), on the JDK's HTTP client. Every failure becomes an
 * {@link EmbeddingFailure} of a kind the caller can act on.
 */
final class OpenAiEmbeddings {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final URI endpoint;
    private final Supplier<String> apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param base the API base, e.g. {@code http://127.0.0.1:11435/v1}; {@code /embeddings} is appended
     * @param apiKey the bearer key, or a supplier of {@code null} for none (local servers)
     * @param timeout how long one request may take
     */
    OpenAiEmbeddings(URI base, Supplier<String> apiKey, Duration timeout, Clock clock) {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/embeddings");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Embeds the texts with the model; one vector per text, in order. */
    EmbeddingResponse embed(List<String> texts, String model) throws EmbeddingFailure {
        HttpResponse<String> response = send(body(texts, model));
        int status = response.statusCode();
        if (status == 429) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.RATE_LIMITED, endpoint + " answered 429 (rate limited)"
                    + detail(response.body()), retryAfter(response), null);
        }
        if (status >= 500) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.UNAVAILABLE, endpoint + " answered " + status
                    + detail(response.body()));
        }
        if (status < 200 || status >= 300) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.REJECTED, endpoint + " answered " + status
                    + (status == 401 || status == 403 ? " (check api.key.ref)" : "") + detail(response.body()));
        }
        return parse(response.body(), texts.size(), model);
    }

    private String body(List<String> texts, String model) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        body.put("encoding_format", "float");
        return body.toString();
    }

    private HttpResponse<String> send(String body) throws EmbeddingFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String key;
        try {
            key = apiKey.get();
        } catch (RuntimeException e) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.REJECTED, "API key for " + endpoint + " unavailable: "
                    + e.getMessage(), null, e);
        }
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.UNAVAILABLE, endpoint + " could not be reached within "
                    + timeout.toMillis() + " ms", null, e);
        } catch (HttpTimeoutException e) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.TIMEOUT, endpoint + " did not answer within "
                    + timeout.toMillis() + " ms", null, e);
        } catch (ConnectException e) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.UNAVAILABLE, endpoint + " refused the connection", null, e);
        } catch (IOException e) {
            throw new EmbeddingFailure(EmbeddingFailure.Kind.UNAVAILABLE, endpoint + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingFailure(EmbeddingFailure.Kind.TIMEOUT, "interrupted while calling " + endpoint, null, e);
        }
    }

    private EmbeddingResponse parse(String body, int expected, String requestedModel) throws EmbeddingFailure {
        try {
            JsonNode root = JSON.readTree(body);
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

    private float[] vector(JsonNode embedding, int index) throws EmbeddingFailure {
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

    private EmbeddingFailure malformed(String why) {
        return new EmbeddingFailure(EmbeddingFailure.Kind.MALFORMED, endpoint + " answered a malformed embeddings body: "
                + why);
    }

    private Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The server's own error message, if its body is an OpenAI error object; cut short, never the request. */
    private static String detail(String body) {
        String message = null;
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root != null && root.path("error").path("message").isTextual()) {
                message = root.get("error").get("message").asText();
            } else if (root != null && root.path("error").isTextual()) {
                message = root.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            message = null;
        }
        if (message == null || message.isBlank()) {
            return "";
        }
        return ": " + (message.length() > MAX_ERROR_TEXT ? message.substring(0, MAX_ERROR_TEXT) + "..." : message);
    }
}

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
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One endpoint of an OpenAI-compatible API on the JDK's HTTP client: posts a JSON body with the bearer key (read at
 * each call, never logged) and sorts every failure into a {@link ModelFailure}: 429 (with its {@code Retry-After}),
 * 5xx and unreachable, timeout, other 4xx. The server's own error message is kept, cut short; the request never is.
 */
final class OpenAiTransport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_TEXT = 300;

    private final URI endpoint;
    private final Supplier<String> apiKey;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param base the API base, e.g. {@code http://127.0.0.1:11435/v1}
     * @param path the endpoint below it, e.g. {@code /embeddings}
     * @param apiKey the bearer key, or a supplier of {@code null} for none (local servers)
     * @param connectTimeout how long connecting may take
     */
    OpenAiTransport(URI base, String path, Supplier<String> apiKey, Duration connectTimeout, Clock clock) {
        String b = base.toString();
        this.endpoint = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
        this.apiKey = apiKey;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI endpoint() {
        return endpoint;
    }

    /** Posts the body and returns the answer's body when its status is 2xx. */
    String post(String body, Duration timeout) throws ModelFailure {
        HttpResponse<String> response = send(body, timeout);
        int status = response.statusCode();
        if (status == 429) {
            throw new ModelFailure(ModelFailure.Kind.RATE_LIMITED, endpoint + " answered 429 (rate limited)"
                    + detail(response.body()), retryAfter(response), null);
        }
        if (status >= 500) {
            throw new ModelFailure(ModelFailure.Kind.UNAVAILABLE, endpoint + " answered " + status
                    + detail(response.body()));
        }
        if (status < 200 || status >= 300) {
            throw new ModelFailure(ModelFailure.Kind.REJECTED, endpoint + " answered " + status
                    + (status == 401 || status == 403 ? " (check api.key.ref)" : "") + detail(response.body()));
        }
        return response.body();
    }

    /** A failure for a 2xx answer that does not say what it should. */
    ModelFailure malformed(String what, String why) {
        return new ModelFailure(ModelFailure.Kind.MALFORMED, endpoint + " answered a malformed " + what + " body: " + why);
    }

    private HttpResponse<String> send(String body, Duration timeout) throws ModelFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        String key;
        try {
            key = apiKey.get();
        } catch (RuntimeException e) {
            throw new ModelFailure(ModelFailure.Kind.REJECTED, "API key for " + endpoint + " unavailable: "
                    + e.getMessage(), null, e);
        }
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new ModelFailure(ModelFailure.Kind.UNAVAILABLE, endpoint + " could not be reached within "
                    + timeout.toMillis() + " ms", null, e);
        } catch (HttpTimeoutException e) {
            throw new ModelFailure(ModelFailure.Kind.TIMEOUT, endpoint + " did not answer within "
                    + timeout.toMillis() + " ms", null, e);
        } catch (ConnectException e) {
            throw new ModelFailure(ModelFailure.Kind.UNAVAILABLE, endpoint + " refused the connection", null, e);
        } catch (IOException e) {
            throw new ModelFailure(ModelFailure.Kind.UNAVAILABLE, endpoint + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFailure(ModelFailure.Kind.TIMEOUT, "interrupted while calling " + endpoint, null, e);
        }
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

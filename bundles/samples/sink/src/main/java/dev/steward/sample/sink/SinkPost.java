package dev.steward.sample.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.steward.api.flow.PermanentStepFailure;

/**
 * One POST to the configured sink with an {@code Idempotency-Key} header. A 5xx answer or no answer is retryable
 * ({@link IOException}); a 4xx is not ({@link PermanentStepFailure}).
 */
final class SinkPost {

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    SinkPost(SinkConfig config) {
        if (config.url() == null || !config.url().matches("https?://.+")) {
            throw new IllegalArgumentException("etc/dev.steward.sample.sink.cfg: url '" + config.url()
                    + "' must be an http:// or https:// address");
        }
        this.endpoint = URI.create(config.url());
        this.timeout = Duration.ofMillis(config.timeout_ms());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    int post(String key, String json) throws IOException, InterruptedException, PermanentStepFailure {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 500) {
            throw new IOException("sink answered " + status);
        }
        if (status >= 400) {
            throw new PermanentStepFailure("sink refused with " + status);
        }
        return status;
    }
}

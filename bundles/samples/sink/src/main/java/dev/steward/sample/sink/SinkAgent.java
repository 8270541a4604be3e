package dev.steward.sample.sink;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.spi.agent.Agent;

/**
 * Sample agent for capability {@value #CAPABILITY}: POSTs the step to the configured endpoint with the step's
 * idempotency key in an {@code Idempotency-Key} header. A 5xx answer or no answer is retryable; a 4xx is not.
 */
@Component(service = Agent.class, configurationPid = "dev.steward.sample.sink", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SinkConfig.class)
public final class SinkAgent implements Agent {

    static final String CAPABILITY = "sample.sink.post";

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    @Activate
    public SinkAgent(SinkConfig config) {
        if (config.url() == null || !config.url().matches("https?://.+")) {
            throw new IllegalArgumentException("etc/dev.steward.sample.sink.cfg: url '" + config.url()
                    + "' must be an http:// or https:// address");
        }
        this.endpoint = URI.create(config.url());
        this.timeout = Duration.ofMillis(config.timeout_ms());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public AgentDescriptor descriptor() {
        return new AgentDescriptor("sample-sink", "1.0.0", List.of(CAPABILITY), "{}", "{}",
                AgentDescriptor.CostClass.LOW, false);
    }

    @Override
    public AgentResult execute(AgentRequest request) throws IOException, InterruptedException, PermanentStepFailure {
        String body = "{\"flow\":\"" + request.flowInstanceId() + "\",\"step\":\"" + request.stepId() + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", request.key().value())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 500) {
            throw new IOException("sink answered " + status);
        }
        if (status >= 400) {
            throw new PermanentStepFailure("sink refused the step with " + status);
        }
        return new AgentResult(Map.of("status", status), "posted", 1.0, null);
    }
}

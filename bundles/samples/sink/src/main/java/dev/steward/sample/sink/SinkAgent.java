package dev.steward.sample.sink;

import java.io.IOException;
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

    private final SinkPost sink;

    @Activate
    public SinkAgent(SinkConfig config) {
        this.sink = new SinkPost(config);
    }

    @Override
    public AgentDescriptor descriptor() {
        return new AgentDescriptor("sample-sink", "1.0.0", List.of(CAPABILITY), "{}", "{}",
                AgentDescriptor.CostClass.LOW, false);
    }

    @Override
    public AgentResult execute(AgentRequest request) throws IOException, InterruptedException, PermanentStepFailure {
        int status = sink.post(request.key().value(),
                "{\"flow\":\"" + request.flowInstanceId() + "\",\"step\":\"" + request.stepId() + "\"}");
        return new AgentResult(Map.of("status", status), "posted", 1.0, null);
    }
}

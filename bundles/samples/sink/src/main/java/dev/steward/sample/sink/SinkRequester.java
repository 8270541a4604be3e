package dev.steward.sample.sink;

import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.connector.EffectRequest;
import dev.steward.spi.agent.Agent;

/**
 * Sample agent for capability {@value #CAPABILITY}: asks for one {@value SinkConnector#CAPABILITY} effect, which the
 * outbox delivers after the step's result is journaled.
 */
@Component(service = Agent.class)
public final class SinkRequester implements Agent {

    static final String CAPABILITY = "sample.sink.request";

    @Override
    public AgentDescriptor descriptor() {
        return new AgentDescriptor("sample-sink-requester", "1.0.0", List.of(CAPABILITY), "{}", "{}",
                AgentDescriptor.CostClass.LOW, false);
    }

    @Override
    public AgentResult execute(AgentRequest request) {
        return new AgentResult(Map.of("requested", 1), "one effect for the sink", 1.0, null,
                List.of(new EffectRequest(SinkConnector.CAPABILITY, Map.of("flow", request.flowInstanceId()))));
    }
}

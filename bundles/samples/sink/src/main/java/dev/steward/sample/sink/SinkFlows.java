package dev.steward.sample.sink;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.spi.flow.FlowDefinitionProvider;

/**
 * The sample flows: {@value #FLOW}, three steps in a row, each posting to the sink; {@value #OUTBOX_FLOW}, one step
 * whose effect the outbox posts to the sink.
 */
@Component(service = FlowDefinitionProvider.class)
public final class SinkFlows implements FlowDefinitionProvider {

    static final String FLOW = "sample-sink";
    static final String OUTBOX_FLOW = "sample-outbox";

    @Override
    public List<FlowDefinition> definitions() {
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0);
        return List.of(new FlowDefinition(FLOW, 1, "posts three steps to the sample sink", List.of(
                step("first", List.of(), retry),
                step("second", List.of("first"), retry),
                step("third", List.of("second"), retry)),
                List.of(new FlowInput("note", FlowInput.Type.STRING, false, "a note carried along")), false),
                new FlowDefinition(OUTBOX_FLOW, 1, "asks the outbox to post one effect to the sample sink", List.of(
                        new StepDefinition("request", SinkRequester.CAPABILITY, Map.of(), List.of(), retry,
                                Duration.ofSeconds(10), null))));
    }

    private static StepDefinition step(String id, List<String> after, RetryPolicy retry) {
        return new StepDefinition(id, SinkAgent.CAPABILITY, Map.of(), after, retry, Duration.ofSeconds(10), null);
    }
}

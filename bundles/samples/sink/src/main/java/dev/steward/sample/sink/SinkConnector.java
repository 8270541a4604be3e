package dev.steward.sample.sink;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.spi.connector.OutboundConnector;

/**
 * Sample outbound connector for effect capability {@value #CAPABILITY}: POSTs each effect to the configured sink with
 * the effect's key as {@code Idempotency-Key}, the same on every attempt, so a sink that deduplicates by it applies
 * the effect once.
 */
@Component(service = OutboundConnector.class, configurationPid = "dev.steward.sample.sink",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class SinkConnector implements OutboundConnector {

    static final String CAPABILITY = "sample.sink.effect";

    private final SinkPost sink;

    @Activate
    public SinkConnector(SinkConfig config) {
        this.sink = new SinkPost(config);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor("sample-sink", "http", ConnectorDescriptor.Direction.OUTBOUND, List.of(CAPABILITY),
                false);
    }

    @Override
    public EffectReceipt deliver(Effect effect) throws Exception {
        Object flow = effect.payload().get("flow");
        int status = sink.post(effect.key().value(), "{\"effect\":\"" + effect.key().value() + "\",\"flow\":\"" + flow + "\"}");
        return new EffectReceipt("sink-" + effect.key().value(), Instant.now(), Map.of("status", status));
    }
}

package dev.steward.spi.connector;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import org.osgi.annotation.versioning.ConsumerType;

/** A plugin that delivers effects to an outside system; registered as an OSGi service. */
@ConsumerType
public interface OutboundConnector {

    /**
     * Describes the connector; called often, so it returns a constant.
     *
     * @return the descriptor, never {@code null}
     */
    ConnectorDescriptor descriptor();

    /**
     * Delivers an effect at most once per idempotency key: when the key was seen before, it
     * returns the receipt of the first delivery instead of delivering again.
     *
     * @param effect the effect
     * @return the receipt, never {@code null}
     * @throws Exception when delivery failed; the platform applies the step's retry policy
     */
    EffectReceipt deliver(Effect effect) throws Exception;

    /**
     * Undoes a delivered effect, such as cancelling a booking. Connectors whose descriptor says
     * {@code compensable} override it; the default refuses.
     *
     * @param effect the effect that was delivered
     * @param receipt the receipt of its delivery
     * @throws Exception when it cannot be undone
     */
    default void compensate(Effect effect, EffectReceipt receipt) throws Exception {
        throw new UnsupportedOperationException(
                "Connector '" + descriptor().id() + "' cannot compensate effect " + effect.key());
    }
}

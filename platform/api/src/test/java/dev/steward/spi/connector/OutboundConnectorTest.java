package dev.steward.spi.connector;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.steward.api.connector.ConnectorDescriptor;
import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundConnectorTest {

    private final OutboundConnector mail = new OutboundConnector() {
        @Override
        public ConnectorDescriptor descriptor() {
            return new ConnectorDescriptor("mail-1", "mail", ConnectorDescriptor.Direction.OUTBOUND,
                    List.of("mail.send"), false);
        }

        @Override
        public EffectReceipt deliver(Effect effect) {
            return new EffectReceipt("msg-1", Instant.now(), Map.of());
        }
    };

    @Test
    void refusesToCompensateByDefault() throws Exception {
        Effect effect = new Effect("mail.send", Map.of("to", "a@example.org"), IdempotencyKey.of("f-1", "send"));
        EffectReceipt receipt = mail.deliver(effect);

        UnsupportedOperationException error =
                assertThrows(UnsupportedOperationException.class, () -> mail.compensate(effect, receipt));
        assertTrue(error.getMessage().contains("mail-1"));
    }
}

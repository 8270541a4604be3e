package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.NoSuchElementException;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class RetriesTest {

    @Test
    void aConnectionThatCouldNotBeMadeIsTriedAgainHoweverNettyReportsIt() {
        assertTrue(Retries.transientDelivery(new RuntimeCamelException(new ConnectException("Connection refused"))));
        // the producer's pool, when the refused connect completes after the channel was created
        assertTrue(Retries.transientDelivery(new NoSuchElementException("Unable to validate object")));
        assertTrue(Retries.transientDelivery(new RuntimeCamelException(new PostUnavailable(503, "busy"))));
    }

    @Test
    void aRefusalOrAProgrammingErrorIsNot() {
        assertFalse(Retries.transientDelivery(new RuntimeCamelException(new PostRefused(400, "field amount is required"))));
        assertFalse(Retries.transientDelivery(new IllegalStateException("no target")));
    }
}

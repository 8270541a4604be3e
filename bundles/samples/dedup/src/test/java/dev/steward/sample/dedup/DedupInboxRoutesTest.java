package dev.steward.sample.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupInboxRoutesTest {

    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new DedupInboxRoutes(null, name -> MemoryIdempotentRepository.memoryIdempotentRepository(100)));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private Object send(String id) {
        return producer.requestBodyAndHeader(DedupInboxRoutes.INBOX, "hello", DedupInboxRoutes.MESSAGE_ID, id);
    }

    @Test
    void eachMessageIdIsAcceptedOnce() {
        assertEquals("accepted:a", send("a"));
        assertEquals("accepted:b", send("b"));
        assertEquals("duplicate:a", send("a"));
        assertEquals("duplicate:b", send("b"));
    }

    @Test
    void aMessageWithoutIdIsRejected() {
        assertThrows(CamelExecutionException.class, () -> producer.requestBody(DedupInboxRoutes.INBOX, "no id"));
    }
}

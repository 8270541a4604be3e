package dev.steward.connector.webhook;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes a hook's HTTP answer: a status and a small JSON object, and no other header. */
final class Responses {

    private Responses() {
    }

    static void json(Message message, int status, Map<String, Object> fields) {
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            message.setBody(DeliveryGate.JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer not written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}

package dev.steward.connector.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on a delivery before anything is started: the body's size, then who sent it, then that it is JSON, then
 * its delivery id. A refused delivery is answered at once (413, 401 or 400, with the reason as JSON) and marked
 * {@value #REFUSED}; an accepted one leaves only its JSON body and {@value #DELIVERY} header, so nothing of the
 * request (an Authorization header, say) travels further.
 */
final class DeliveryGate implements Processor {

    /** Exchange property set on a refused delivery. */
    static final String REFUSED = "StewardWebhookRefused";
    /** Header of an accepted delivery: its id (the delivery header, else the body's SHA-256). */
    static final String DELIVERY = "StewardWebhookDelivery";
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_DELIVERY_ID = 200;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryGate.class);

    private final HookSettings hook;

    DeliveryGate(HookSettings hook) {
        this.hook = hook;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] body = in.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        Optional<Refusal> refusal = check(body, in);
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            // the reason only: never the body, a header value or a secret
            LOG.info("Hook {} refused a delivery: {} {}", hook.name(), r.status(), r.reason());
            exchange.setProperty(REFUSED, true);
            Responses.json(in, r.status(), Map.of("error", r.reason()));
            return;
        }
        String delivery = deliveryId(in, body);
        in.removeHeaders("*");
        in.setHeader(DELIVERY, delivery);
        in.setBody(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    private record Refusal(int status, String reason) {
    }

    private Optional<Refusal> check(byte[] body, Message in) {
        if (body.length > hook.maxBodyBytes()) {
            return Optional.of(new Refusal(413, "body of " + body.length + " bytes exceeds the limit of " + hook.maxBodyBytes()));
        }
        Optional<String> unauthenticated = hook.authenticator().refusal(body, name -> in.getHeader(name, String.class));
        if (unauthenticated.isPresent()) {
            return Optional.of(new Refusal(401, unauthenticated.get()));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of(new Refusal(400, "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr())));
        } catch (java.io.IOException e) {
            return Optional.of(new Refusal(400, "body not readable: " + e.getMessage()));
        }
        if (json == null || json.isMissingNode()) {
            return Optional.of(new Refusal(400, "the body is empty; a JSON document is required"));
        }
        if (hook.inputField().isEmpty() && !json.isObject()) {
            return Optional.of(new Refusal(400, "the body must be a JSON object (it is the flow's input)"));
        }
        String given = in.getHeader(hook.deliveryHeader(), String.class);
        if (given != null && (given.isBlank() || given.length() > MAX_DELIVERY_ID || given.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            return Optional.of(new Refusal(400, hook.deliveryHeader() + " must be 1 to " + MAX_DELIVERY_ID
                    + " printable characters"));
        }
        return Optional.empty();
    }

    private String deliveryId(Message in, byte[] body) {
        String given = in.getHeader(hook.deliveryHeader(), String.class);
        return given != null ? given.strip() : "sha256:" + sha256(body);
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

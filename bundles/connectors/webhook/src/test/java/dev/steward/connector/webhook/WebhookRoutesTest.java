package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.steward.kernel.testing.KeyedFlows;

/**
 * The inbound hook's routes in a real CamelContext with camel-netty-http listening on loopback, driven by the JDK's
 * HTTP client; the kernel is a fake that starts one flow per key, the dead-letter channel ends in a capturing route.
 */
@Timeout(120)
class WebhookRoutesTest {

    private final KeyedFlows flows = new KeyedFlows();
    private final List<Exchange> deadLetters = new CopyOnWriteArrayList<>();
    private final IdempotentRepository seen = MemoryIdempotentRepository.memoryIdempotentRepository(100);
    private DefaultCamelContext camel;
    private HookSettings hook;

    @BeforeEach
    void start() throws Exception {
        hook = Hooks.hook("test", Hooks.freePort(), new HmacSignature(Hooks.SECRET, "X-Signature-256"), 1024);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:steward-dead-letters").routeId("test-dead-letters").process(e -> deadLetters.add(e.copy()));
            }
        });
        camel.addRoutes(new WebhookRoutes(hook, flows.service, name -> seen));
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return DeliveryGate.JSON.readTree(response.body());
    }

    @Test
    void aSignedDeliveryStartsOneFlowAndTheSameDeliveryAgainNone() throws Exception {
        HttpResponse<String> first = Hooks.signed(hook, "{\"lead\":\"ada@example.org\"}", "d-1");
        assertEquals(202, first.statusCode(), first.body());
        assertEquals("started", json(first).get("status").asText());
        String flowId = json(first).get("flowId").asText();
        assertEquals(List.of("webhook-test:d-1"), flows.startCalls);
        assertEquals(Map.of("lead", "ada@example.org"), flows.byKey.get("webhook-test:d-1").input());
        assertEquals("application/json", first.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<String> again = Hooks.signed(hook, "{\"lead\":\"ada@example.org\"}", "d-1");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("duplicate", json(again).get("status").asText());
        assertEquals(1, flows.startCalls.size(), "the repository answered; the kernel was not asked");

        // the repository lost the key (a crash between the start and its confirmation): the keyed start finds the flow
        seen.clear();
        HttpResponse<String> afterCrash = Hooks.signed(hook, "{\"lead\":\"ada@example.org\"}", "d-1");
        assertEquals(202, afterCrash.statusCode());
        assertEquals(flowId, json(afterCrash).get("flowId").asText(), "no second flow");
        assertEquals(1, flows.byKey.size());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void aDeliveryWithoutIdIsNamedByItsBodysHash() throws Exception {
        String body = "{\"n\":1}";
        assertEquals(202, Hooks.signed(hook, body, null).statusCode());
        assertEquals(200, Hooks.signed(hook, body, null).statusCode());
        assertEquals(List.of("webhook-test:sha256:" + DeliveryGate.sha256(body.getBytes(StandardCharsets.UTF_8))),
                flows.startCalls);
    }

    @Test
    void wrongOrMissingSignaturesAreRefusedWith401() throws Exception {
        HttpResponse<String> wrong = Hooks.post(hook, "{\"a\":1}", "d-2",
                HmacSignature.sign("another-secret".getBytes(StandardCharsets.UTF_8), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, wrong.statusCode());
        assertEquals("signature does not match the body", json(wrong).get("error").asText());
        HttpResponse<String> tampered = Hooks.post(hook, "{\"a\":2}", "d-2",
                HmacSignature.sign(Hooks.SECRET, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, tampered.statusCode());
        HttpResponse<String> missing = Hooks.post(hook, "{\"a\":1}", "d-2", null);
        assertEquals(401, missing.statusCode());
        assertEquals("signature header X-Signature-256 is missing", json(missing).get("error").asText());
        HttpResponse<String> garbled = Hooks.post(hook, "{\"a\":1}", "d-2", "sha256=not-hex");
        assertEquals(401, garbled.statusCode());
        assertTrue(flows.startCalls.isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void malformedOrNonObjectJsonIsRefusedWith400AndAReason() throws Exception {
        HttpResponse<String> malformed = Hooks.signed(hook, "{\"lead\": ", "d-3");
        assertEquals(400, malformed.statusCode());
        assertTrue(json(malformed).get("error").asText().startsWith("malformed JSON: "), malformed.body());
        HttpResponse<String> array = Hooks.signed(hook, "[1,2]", "d-4");
        assertEquals(400, array.statusCode());
        assertEquals("the body must be a JSON object (it is the flow's input)", json(array).get("error").asText());
        HttpResponse<String> empty = Hooks.signed(hook, "", "d-5");
        assertEquals(400, empty.statusCode());
        assertTrue(flows.startCalls.isEmpty());
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndAReason() throws Exception {
        String big = "{\"text\":\"" + "x".repeat(2000) + "\"}";
        HttpResponse<String> response = Hooks.signed(hook, big, "d-6");
        assertEquals(413, response.statusCode());
        assertEquals("body of " + big.length() + " bytes exceeds the limit of 1024", json(response).get("error").asText());
        // far beyond the limit: netty refuses it before the route (no reason, still 413)
        String huge = "{\"text\":\"" + "x".repeat(200_000) + "\"}";
        assertEquals(413, Hooks.signed(hook, huge, "d-7").statusCode());
        assertTrue(flows.startCalls.isEmpty());
    }

    @Test
    void onlyPostIsServed() throws Exception {
        HttpResponse<String> get = Hooks.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hook.port() + hook.path())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertTrue(flows.startCalls.isEmpty());
    }

    @Test
    void aStartThatKeepsFailingIsHeldInTheInboxAndStartsTheFlowWhenReplayed() throws Exception {
        flows.failure = new IllegalStateException("store unavailable (scripted)");
        HttpResponse<String> held = Hooks.signed(hook, "{\"lead\":\"bob@example.org\"}", "d-8");
        assertEquals(202, held.statusCode(), held.body());
        assertEquals("held", json(held).get("status").asText());
        assertEquals(2, flows.startCalls.size(), "one try and one redelivery");
        assertEquals(1, deadLetters.size());
        Exchange letter = deadLetters.get(0);
        assertEquals("{\"lead\":\"bob@example.org\"}", letter.getMessage().getBody(String.class), "the accepted JSON");
        assertEquals("d-8", letter.getMessage().getHeader(DeliveryGate.DELIVERY));
        assertEquals(Map.of(DeliveryGate.DELIVERY, "d-8"), letter.getMessage().getHeaders(), "no request header travels");
        assertEquals(hook.routeId() + "-accepted", letter.getProperty(Exchange.FAILURE_ROUTE_ID));
        assertEquals("direct://steward-connector-webhook-test-accepted", letter.getFromEndpoint().getEndpointUri());
        assertNotNull(letter.getProperty(Exchange.EXCEPTION_CAUGHT));

        // what the inbox does on replay: the stored body and headers sent to the endpoint the letter came in through
        flows.failure = null;
        camel.createProducerTemplate().sendBodyAndHeader(letter.getFromEndpoint().getEndpointUri(),
                letter.getMessage().getBody(String.class), DeliveryGate.DELIVERY, "d-8");
        assertEquals(1, flows.byKey.size());
        assertEquals(Map.of("lead", "bob@example.org"), flows.byKey.get("webhook-test:d-8").input());
        assertEquals(200, Hooks.signed(hook, "{\"lead\":\"bob@example.org\"}", "d-8").statusCode(), "now a duplicate");
    }

    @Test
    void aWrongInputIsNotRetriedButHeld() throws Exception {
        flows.failure = new dev.steward.api.flow.InvalidFlowInputException("lead", "is required");
        assertEquals(202, Hooks.signed(hook, "{\"other\":1}", "d-9").statusCode());
        assertEquals(1, flows.startCalls.size(), "a wrong input is not tried again");
        assertEquals(1, deadLetters.size());
    }
}

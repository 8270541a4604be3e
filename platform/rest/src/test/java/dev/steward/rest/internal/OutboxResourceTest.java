package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.fabric.Outbox;
import dev.steward.api.fabric.OutboxEntry;

/** The outbox endpoints over an outbox of one FAILED effect: list, find, retry, cancel, errors and roles. */
class OutboxResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final String OPERATOR = RestApiTest.basic("otto", "o-pass");
    private static final String KEY = "f-1:send#1";

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> calls = new ArrayList<>();
    private Outbox outbox = new Outbox() {
        @Override
        public List<OutboxEntry> list(String status, int limit) {
            calls.add("list " + status + " " + limit);
            return List.of(entry("FAILED"));
        }

        @Override
        public Optional<OutboxEntry> find(String key) {
            return key.equals(KEY) ? Optional.of(entry("FAILED")) : Optional.empty();
        }

        @Override
        public OutboxEntry retry(String key, String actor) {
            calls.add("retry " + key + " by " + actor);
            return find(key).map(e -> entry("PENDING")).orElseThrow(() -> new NoSuchElementException("no outbound effect '"
                    + key + "'"));
        }

        @Override
        public OutboxEntry cancel(String key, String actor) {
            throw new IllegalStateException("outbound effect '" + key + "' is DELIVERED; only PENDING, HELD, FAILED, "
                    + "DENIED can become CANCELLED");
        }
    };

    private static OutboxEntry entry(String status) {
        return new OutboxEntry(KEY, "mail.send", "f-1", "send", status, 3, "smtp: 554 refused",
                Instant.parse("2026-11-30T09:00:00Z"), null, null);
    }

    private ApiReply call(String method, String path, String authorization) {
        return call(method, path, Map.of(), authorization);
    }

    private ApiReply call(String method, String path, Map<String, String> query, String authorization) {
        Json json = new Json();
        Router router = new Router();
        new OutboxResource(json, () -> outbox).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            if (user.equals("otto") && password.equals("o-pass")) {
                return new Caller("otto", Set.of("viewer", "operator"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest(method, path, query, authorization, "".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aViewerListsAndReadsTheOutbox() throws Exception {
        ApiReply list = call("GET", "/outbox", VIEWER);
        assertEquals(200, list.status(), list.body());
        JsonNode first = mapper.readTree(list.body()).get(0);
        assertEquals(KEY, first.get("key").asText());
        assertEquals("smtp: 554 refused", first.get("lastError").asText());
        assertEquals(List.of("list null 100"), calls);

        assertEquals(200, call("GET", "/outbox/" + KEY, VIEWER).status());
        ApiReply missing = call("GET", "/outbox/f-9:x#1", VIEWER);
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("no outbound effect 'f-9:x#1'"), missing.body());
    }

    @Test
    void anOperatorRetriesAndTheAnswersNameWhatIsWrong() throws Exception {
        assertEquals(403, call("POST", "/outbox/" + KEY + "/retry", VIEWER).status(), "a viewer may not act");
        ApiReply retried = call("POST", "/outbox/" + KEY + "/retry", OPERATOR);
        assertEquals(200, retried.status(), retried.body());
        assertEquals("PENDING", mapper.readTree(retried.body()).get("status").asText());
        assertTrue(calls.contains("retry " + KEY + " by otto"), calls::toString);

        assertEquals(404, call("POST", "/outbox/f-9:x#1/retry", OPERATOR).status());
        ApiReply cancel = call("POST", "/outbox/" + KEY + "/cancel", OPERATOR);
        assertEquals(409, cancel.status(), cancel.body());
        ApiReply bad = call("GET", "/outbox", Map.of("status", "LOST"), VIEWER);
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("\"field\":\"status\""), bad.body());
        outbox = null;
        assertEquals(503, call("GET", "/outbox", VIEWER).status());
    }
}

package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.governance.AgentSpend;
import dev.steward.api.governance.Autonomy;
import dev.steward.api.governance.DecisionLatency;
import dev.steward.api.governance.ExceptionTime;
import dev.steward.api.governance.ExceptionWaits;
import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.governance.OperatorReport;
import dev.steward.api.governance.Ratio;

/** {@code GET /metrics/operator}: the report of a window as JSON, the last 7 days by default, bad windows refused. */
class OperatorResourceTest {

    private static final Instant NOW = Instant.parse("2026-03-09T10:00:00Z");
    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> asked = new ArrayList<>();
    private OperatorMetrics metrics = (from, to) -> {
        asked.add(from + " " + to);
        return new OperatorReport(from, to, new ExceptionTime(new ExceptionWaits(4, 0, Duration.ofMinutes(510)),
                new ExceptionWaits(3, 1, Duration.ofMinutes(465))), new Ratio(4, 12), new DecisionLatency(4,
                Duration.ofHours(1), Duration.ofHours(5)), List.of(new Autonomy("settle", new Ratio(1, 5))),
                List.of(new AgentSpend("drafter", LocalDate.parse("2026-03-02"), new BigDecimal("0.2"),
                        new BigDecimal("0.25")), new AgentSpend("proposer", LocalDate.parse("2026-03-03"),
                        new BigDecimal("0.02"), null)));
    };
    private final RestApi api = api();

    private RestApi api() {
        Json json = new Json();
        Router router = new Router();
        new OperatorResource(json, () -> metrics, Clock.fixed(NOW, ZoneOffset.UTC)).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            throw new FailedLoginException("refused");
        };
        return new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
    }

    @Test
    void aViewerReadsTheReportOfTheLastSevenDaysByDefault() throws Exception {
        ApiReply reply = get("/metrics/operator", VIEWER);
        assertEquals(200, reply.status(), reply.body());
        assertEquals(List.of("2026-03-02T10:00:00Z 2026-03-09T10:00:00Z"), asked);
        JsonNode r = mapper.readTree(reply.body());
        assertEquals("2026-03-02T10:00:00Z", r.get("from").asText());
        assertEquals("PT8H30M", r.at("/exceptions/escalations/waited").asText());
        assertEquals(1, r.at("/exceptions/deadLetters/open").asInt());
        assertEquals("PT16H15M", r.at("/exceptions/total").asText());
        assertEquals(4, r.at("/automatedWithRollback/count").asInt());
        assertEquals(12, r.at("/automatedWithRollback/of").asInt());
        assertEquals(100.0 / 3, r.at("/automatedWithRollback/percent").asDouble(), 1e-9);
        assertEquals("PT1H", r.at("/decisionLatency/p50").asText());
        assertEquals("PT5H", r.at("/decisionLatency/p95").asText());
        assertEquals("settle", r.at("/autonomy/0/definitionId").asText());
        assertEquals(20.0, r.at("/autonomy/0/autonomous/percent").asDouble(), 1e-9);
        assertEquals("2026-03-02", r.at("/spend/0/day").asText());
        assertEquals("0.25", r.at("/spend/0/limitUsd").asText());
        assertEquals("0.02", r.at("/spend/1/spentUsd").asText());
        assertTrue(r.at("/spend/1/limitUsd").isNull());
    }

    @Test
    void aWindowIsGivenAsIsoInstants() {
        assertEquals(200, get("/metrics/operator?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z", VIEWER).status());
        assertEquals(200, get("/metrics/operator?to=2026-01-08T00:00:00Z", VIEWER).status());
        assertEquals(List.of("2026-01-01T00:00:00Z 2026-01-08T00:00:00Z", "2026-01-01T00:00:00Z 2026-01-08T00:00:00Z"),
                asked);
    }

    @Test
    void badWindowsAre400NamingTheParameterAndNothingIsComputed() throws Exception {
        assertError(get("/metrics/operator?from=yesterday", VIEWER), "from",
                "from 'yesterday' is not an ISO-8601 instant such as 2026-03-02T00:00:00Z");
        assertError(get("/metrics/operator?to=2026-01-08", VIEWER), "to",
                "to '2026-01-08' is not an ISO-8601 instant such as 2026-03-02T00:00:00Z");
        assertError(get("/metrics/operator?from=2026-01-08T00:00:00Z&to=2026-01-01T00:00:00Z", VIEWER), "from",
                "from 2026-01-08T00:00:00Z is after to 2026-01-01T00:00:00Z");
        assertTrue(asked.isEmpty());
    }

    @Test
    void anonymousCallersAre401AndAMissingServiceIs503() throws Exception {
        assertEquals(401, get("/metrics/operator", null).status());
        metrics = null;
        ApiReply reply = get("/metrics/operator", VIEWER);
        assertEquals(503, reply.status());
        assertEquals("the operator's metrics are not available (bundle dev.steward.governance is not running)",
                mapper.readTree(reply.body()).get("error").asText());
    }

    private void assertError(ApiReply reply, String field, String message) throws Exception {
        assertEquals(400, reply.status(), reply.body());
        JsonNode body = mapper.readTree(reply.body());
        assertEquals(message, body.get("error").asText());
        assertEquals(field, body.get("field").asText());
    }

    private ApiReply get(String pathAndQuery, String authorization) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, String> query = ApiRequest.parseQuery(q < 0 ? null : pathAndQuery.substring(q + 1));
        return api.handle(new ApiRequest("GET", path, query, authorization, "".getBytes(StandardCharsets.UTF_8)));
    }
}

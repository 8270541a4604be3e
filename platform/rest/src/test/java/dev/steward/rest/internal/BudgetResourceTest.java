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

import dev.steward.api.policy.BudgetUsage;
import dev.steward.api.policy.Budgets;

/** The budgets endpoint: a day's budgets for a viewer, today by default, a bad day 400, no budget policy 503. */
class BudgetResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC);

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<LocalDate> asked = new ArrayList<>();
    private Budgets budgets = day -> {
        asked.add(day);
        return List.of(new BudgetUsage("agent:writer:" + day, new BigDecimal("0.15"), new BigDecimal("0.1"),
                new BigDecimal("0.02"), BigDecimal.ZERO),
                new BudgetUsage("day:" + day, null, new BigDecimal("0.1"), BigDecimal.ZERO, BigDecimal.ZERO));
    };

    private ApiReply get(Map<String, String> query, String authorization) {
        Json json = new Json();
        Router router = new Router();
        new BudgetResource(json, () -> budgets, CLOCK).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest("GET", "/budgets", query, authorization, "".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aViewerSeesADaysBudgetsWithWhatIsLeft() throws Exception {
        ApiReply reply = get(Map.of("day", "2026-11-02"), VIEWER);
        assertEquals(200, reply.status(), reply.body());
        JsonNode agent = mapper.readTree(reply.body()).get(0);
        assertEquals("agent:writer:2026-11-02", agent.get("scope").asText());
        assertEquals(new BigDecimal("0.15"), agent.get("limitUsd").decimalValue());
        assertEquals(new BigDecimal("0.1"), agent.get("spentUsd").decimalValue());
        assertEquals(new BigDecimal("0.02"), agent.get("allottedUsd").decimalValue());
        assertEquals(new BigDecimal("0.03"), agent.get("leftUsd").decimalValue(), "limit less spent and allotted");
        JsonNode day = mapper.readTree(reply.body()).get(1);
        assertTrue(day.get("limitUsd").isNull(), reply.body());
        assertTrue(day.get("leftUsd").isNull(), "no limit, nothing to count down");

        assertEquals(200, get(Map.of(), VIEWER).status());
        assertEquals(List.of(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-30")), asked, "today in UTC by default");
        assertEquals(401, get(Map.of(), null).status());
    }

    @Test
    void aBadDayIs400AndNoBudgetPolicy503() throws Exception {
        ApiReply bad = get(Map.of("day", "30.11.2026"), VIEWER);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.body().contains("day '30.11.2026' is not a date such as 2026-11-30"), bad.body());
        assertEquals(List.of(), asked);
        budgets = null;
        ApiReply none = get(Map.of(), VIEWER);
        assertEquals(503, none.status());
        assertTrue(none.body().contains("the budget policy is not installed (feature steward-policy-budget)"), none.body());
    }
}

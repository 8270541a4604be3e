package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router router = new Router()
            .add("GET", "/flows", Role.VIEWER, call -> null)
            .add("POST", "/flows", Role.OPERATOR, call -> null)
            .add("GET", "/flows/{id}", Role.VIEWER, call -> null)
            .add("POST", "/flows/{id}/signals/{name}", Role.OPERATOR, call -> null);

    @Test
    void bindsNamedSegments() {
        Router.Match match = router.match("POST", "/flows/f-1/signals/approved").orElseThrow();
        assertEquals("/flows/{id}/signals/{name}", match.route().pattern());
        assertEquals(Map.of("id", "f-1", "name", "approved"), match.params());
        assertEquals(Role.OPERATOR, match.route().role());
    }

    @Test
    void picksTheRouteOfTheMethodAndIgnoresEmptySegments() {
        assertEquals(Role.OPERATOR, router.match("POST", "/flows/").orElseThrow().route().role());
        assertEquals(Role.VIEWER, router.match("GET", "//flows").orElseThrow().route().role());
        assertEquals(Map.of("id", "x"), router.match("GET", "/flows/x").orElseThrow().params());
    }

    @Test
    void tellsWhichMethodsAPathHas() {
        assertTrue(router.match("DELETE", "/flows").isEmpty());
        assertEquals(Set.of("GET", "POST"), router.methods("/flows"));
        assertEquals(Set.of(), router.methods("/flows/x/y"));
        assertTrue(router.match("GET", "/").isEmpty());
    }

    @Test
    void parsesQueryStrings() {
        assertEquals(Map.of("status", "RUNNING", "definition", "a b&c", "flag", ""),
                ApiRequest.parseQuery("status=RUNNING&definition=a+b%26c&flag&status=x&"));
        assertEquals(Map.of(), ApiRequest.parseQuery(null));
        assertEquals(400, assertThrows(ApiError.class, () -> ApiRequest.parseQuery("status=%zz")).status());
    }
}

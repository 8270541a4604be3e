package dev.steward.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.steward.api.addon.AddonException;
import dev.steward.api.addon.AddonException.Reason;
import dev.steward.api.addon.AddonService;
import dev.steward.api.addon.AddonState;
import dev.steward.api.addon.AddonView;

/**
 * The add-on endpoints over a catalog of one add-on: a viewer lists, only an admin installs, upgrades and uninstalls,
 * and each refusal answers its status with the reason.
 */
class AddonResourceTest {

    private static final String VIEWER = RestApiTest.basic("vera", "v-pass");
    private static final String ADMIN = RestApiTest.basic("ada", "a-pass");

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> calls = new ArrayList<>();
    private AddonService addons = new AddonService() {
        @Override
        public List<AddonView> list() {
            return List.of(view("", AddonState.AVAILABLE));
        }

        @Override
        public AddonView install(String name, String version, String actor) {
            calls.add("install " + name + " " + version + " by " + actor);
            return switch (name) {
                case "hooks" -> view("1.0", AddonState.INSTALLED);
                case "tampered" -> throw new AddonException(Reason.TAMPERED, "add-on tampered 1.0: artifact mvn:x/y/1 has "
                        + "SHA-256 00, the catalog says 11");
                case "old" -> throw new AddonException(Reason.INCOMPATIBLE, "add-on old 1.0 is not compatible: it needs "
                        + "platform [2,3), this platform is 0.1.0.SNAPSHOT");
                case "broken" -> throw new AddonException(Reason.FAILED, "add-on broken 1.0 could not be installed and was "
                        + "rolled back: unresolved requirement");
                default -> throw new AddonException(Reason.UNKNOWN, "the catalog has no add-on '" + name + "'");
            };
        }

        @Override
        public AddonView uninstall(String name, String actor) {
            throw new AddonException(Reason.WRONG_STATE, "add-on " + name + " is not installed");
        }

        @Override
        public AddonView upgrade(String name, String version, String actor) {
            calls.add("upgrade " + name + " " + version + " by " + actor);
            throw new AddonException(Reason.CATALOG, "catalog etc/steward-addons.json cannot be read");
        }
    };

    private static AddonView view(String installed, AddonState state) {
        return new AddonView("hooks", "HTTP webhooks", "1.0", installed, true, "platform 0.1.0.SNAPSHOT is in [0.1,1)",
                List.of("hooks.example.com"), List.of("webhook deliveries"), state);
    }

    private ApiReply call(String method, String path, Map<String, String> query, String authorization) {
        Json json = new Json();
        Router router = new Router();
        new AddonResource(json, () -> addons).addTo(router);
        Realm realm = (user, password) -> {
            if (user.equals("vera") && password.equals("v-pass")) {
                return new Caller("vera", Set.of("viewer"));
            }
            if (user.equals("ada") && password.equals("a-pass")) {
                return new Caller("ada", Set.of("viewer", "operator", "admin"));
            }
            throw new FailedLoginException("refused");
        };
        RestApi api = new RestApi(router, new BasicAuthenticator(realm, Duration.ZERO, System::nanoTime), new Errors(json));
        return api.handle(new ApiRequest(method, path, query, authorization, "".getBytes(StandardCharsets.UTF_8)));
    }

    private ApiReply call(String method, String path, String authorization) {
        return call(method, path, Map.of(), authorization);
    }

    @Test
    void aViewerListsAndAnAdminInstalls() throws Exception {
        ApiReply list = call("GET", "/addons", VIEWER);
        assertEquals(200, list.status(), list.body());
        JsonNode first = mapper.readTree(list.body()).get(0);
        assertEquals("hooks", first.get("name").asText());
        assertTrue(first.get("compatible").asBoolean());
        assertEquals("AVAILABLE", first.get("state").asText());
        assertEquals("hooks.example.com", first.get("outboundHosts").get(0).asText());

        assertEquals(403, call("POST", "/addons/hooks/install", VIEWER).status(), "a viewer may not install");
        assertEquals(List.of(), calls);
        ApiReply installed = call("POST", "/addons/hooks/install", Map.of("version", "1.0"), ADMIN);
        assertEquals(200, installed.status(), installed.body());
        assertEquals("1.0", mapper.readTree(installed.body()).get("installedVersion").asText());
        assertEquals(List.of("install hooks 1.0 by ada"), calls);
        assertEquals(401, call("GET", "/addons", null).status());
    }

    @Test
    void eachRefusalAnswersItsStatusWithTheReason() throws Exception {
        assertRefused(call("POST", "/addons/nothing/install", ADMIN), 404, "UNKNOWN", "no add-on 'nothing'");
        assertRefused(call("POST", "/addons/old/install", ADMIN), 409, "INCOMPATIBLE", "needs platform [2,3)");
        assertRefused(call("POST", "/addons/tampered/install", ADMIN), 422, "TAMPERED", "the catalog says 11");
        assertRefused(call("POST", "/addons/broken/install", ADMIN), 500, "FAILED", "rolled back");
        assertRefused(call("POST", "/addons/hooks/uninstall", ADMIN), 409, "WRONG_STATE", "is not installed");
        assertRefused(call("POST", "/addons/hooks/upgrade", ADMIN), 502, "CATALOG", "cannot be read");
        assertTrue(calls.contains("upgrade hooks null by ada"), calls::toString);
        assertEquals(403, call("POST", "/addons/hooks/uninstall", VIEWER).status());
        addons = null;
        assertEquals(503, call("GET", "/addons", VIEWER).status());
    }

    private void assertRefused(ApiReply reply, int status, String reason, String text) throws Exception {
        assertEquals(status, reply.status(), reply.body());
        JsonNode body = mapper.readTree(reply.body());
        assertEquals(reason, body.get("reason").asText());
        assertTrue(body.get("error").asText().contains(text), reply.body());
    }
}

package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hook's configuration: defaults, the name from the file name, the secret by reference, and no open hook. */
class HookSettingsTest {

    @TempDir
    Path dir;

    /** The configuration as DS would give it: the annotation's defaults with the given keys laid over. */
    private static WebhookConfig config(Map<String, Object> values) {
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(), new Class<?>[] {WebhookConfig.class},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }

    private Map<String, Object> signed() throws Exception {
        Path secret = dir.resolve("hook.secret");
        Files.writeString(secret, "s3cr3t-value\n");
        Map<String, Object> values = new HashMap<>();
        values.put("flow", "lead-intake");
        values.put("secret_ref", "file:" + secret);
        return values;
    }

    @Test
    void theNameComesFromTheFileAndTheDefaultsMakeALoopbackHook() throws Exception {
        HookSettings hook = HookSettings.of(config(signed()),
                Map.of("felix.fileinstall.filename", "file:/opt/steward/etc/dev.steward.connector.webhook-crm.cfg"));
        assertEquals("crm", hook.name());
        assertEquals("/hooks/crm", hook.path());
        assertEquals("127.0.0.1", hook.host());
        assertEquals(8183, hook.port());
        assertEquals("webhook-crm:d-1", hook.startKey("d-1"));
        assertTrue(hook.consumerUri().startsWith("netty-http:http://127.0.0.1:8183/hooks/crm?httpMethodRestrict=POST"));
        assertFalse(hook.toString().contains("s3cr3t"), hook.toString());
    }

    @Test
    void aHookIsNeverOpenAndItsSecretIsGivenByReference() throws Exception {
        Map<String, Object> open = signed();
        open.put("name", "crm");
        open.put("auth", "none");
        var e = assertThrows(IllegalArgumentException.class, () -> HookSettings.of(config(open), Map.of()));
        assertEquals("auth in etc/dev.steward.connector.webhook-crm.cfg must be hmac or basic (a hook is never open), was 'none'",
                e.getMessage());

        Map<String, Object> literal = signed();
        literal.put("name", "crm");
        literal.put("secret_ref", "s3cr3t-value");
        e = assertThrows(IllegalArgumentException.class, () -> HookSettings.of(config(literal), Map.of()));
        assertEquals("secret.ref in etc/dev.steward.connector.webhook-crm.cfg must be file:/path/to/secret or env:VARIABLE",
                e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t-value"), "the value is not echoed");

        Map<String, Object> noFlow = signed();
        noFlow.put("name", "crm");
        noFlow.remove("flow");
        assertThrows(IllegalArgumentException.class, () -> HookSettings.of(config(noFlow), Map.of()));
    }
}

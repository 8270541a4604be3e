package dev.steward.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.api.model.ChatRequest;

/** The settings of etc/dev.steward.model.cfg: defaults, validation, and what the backend makes of them. */
class ModelSettingsTest {

    static OpenAiModelBackend.Config config(Map<String, Object> values) {
        return new OpenAiModelBackend.Config() {
            Object v(String key, Object fallback) {
                return values.getOrDefault(key, fallback);
            }

            @Override public Class<? extends Annotation> annotationType() { return OpenAiModelBackend.Config.class; }
            @Override public String mode() { return (String) v("mode", "embedded"); }
            @Override public String url() { return (String) v("url", ""); }
            @Override public int embedded_port() { return (Integer) v("port", 11435); }
            @Override public String embedded_runtime() { return ""; }
            @Override public String embedded_data() { return ""; }
            @Override public String embedded_heap() { return (String) v("heap", "512m"); }
            @Override public String api_key_ref() { return (String) v("key", ""); }
            @Override public String model() { return (String) v("model", "all-minilm-l6-v2"); }
            @Override public long timeout_ms() { return (Long) v("timeout", 10_000L); }
        };
    }

    @Test
    void theDefaultIsTheLocalHostOnLoopback() {
        ModelSettings s = ModelSettings.from(config(Map.of()));
        assertEquals(ModelSettings.Mode.EMBEDDED, s.mode());
        assertEquals("http://127.0.0.1:11435/v1", s.url().toString());
        assertTrue(s.local());
        assertTrue(s.runtime().endsWith("model-host"));
    }

    @Test
    void anExternalEndpointIsLocalOnlyOnLoopback() {
        assertTrue(ModelSettings.from(config(Map.of("mode", "external", "url", "http://localhost:11434/v1"))).local());
        ModelSettings hosted = ModelSettings.from(config(Map.of("mode", "EXTERNAL", "url", "https://api.openai.com/v1",
                "key", "env:OPENAI_API_KEY", "model", "text-embedding-3-small")));
        assertFalse(hosted.local());
        assertFalse(new OpenAiModelBackend(hosted).descriptor().local(), "private memory must not go there unawares");
    }

    @Test
    void badValuesNameTheKeyAndWhatIsExpected() {
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("mode", "cloud"), "mode = 'cloud' is not valid; expected embedded, external or off",
                Map.of("mode", "external", "url", "ftp://x"), "url = 'ftp://x'",
                Map.of("key", "sk-live-123"), "api.key.ref = 'sk-live-123' is not valid; expected empty, file:",
                Map.of("port", 0), "embedded.port = '0'",
                Map.of("heap", "lots"), "embedded.heap = 'lots'",
                Map.of("timeout", 5L), "timeout.ms = '5'");
        bad.forEach((values, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelSettings.from(config(values)));
            assertTrue(e.getMessage().startsWith("etc/dev.steward.model.cfg: ") && e.getMessage().contains(message),
                    e.getMessage());
        });
    }

    @Test
    void chatIsNotServedAndOffMeansUnavailable() {
        OpenAiModelBackend off = new OpenAiModelBackend(ModelSettings.from(config(Map.of("mode", "off"))));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> off.chat(new ChatRequest(java.util.List.of(new dev.steward.api.model.ChatMessage(
                        dev.steward.api.model.ChatMessage.Role.USER, "hi")), dev.steward.api.model.ModelTier.CHEAP, null,
                        java.time.Duration.ofSeconds(1), false)));
        assertTrue(e.getMessage().contains("does not serve chat"));
        ModelFailure f = assertThrows(ModelFailure.class,
                () -> off.embed(new dev.steward.api.model.EmbeddingRequest(java.util.List.of("x"), null)));
        assertEquals(ModelFailure.Kind.UNAVAILABLE, f.kind());
    }
}

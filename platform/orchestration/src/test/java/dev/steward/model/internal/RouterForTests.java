package dev.steward.model.internal;

import java.lang.annotation.Annotation;
import java.util.Map;

import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.GraphStore;

/**
 * The real model router for the choreographer's integration tests, with a real chat backend bound as DS binds it.
 */
public final class RouterForTests {

    private RouterForTests() {
    }

    /** A router journaling into the store, with one chat backend (standard tier, model {@code planner-1}) at the URL. */
    public static ModelRouter router(GraphStore store, String url) {
        ModelRouter router = new ModelRouter(store, Map.of());
        router.addBackend(new OpenAiChatBackend(config(url)));
        return router;
    }

    public static ModelBackend chatBackend(String url) {
        return new OpenAiChatBackend(config(url));
    }

    public static void stop(ModelRouter router) {
        router.deactivate();
    }

    private static OpenAiChatBackend.Config config(String url) {
        return new OpenAiChatBackend.Config() {
            @Override public Class<? extends Annotation> annotationType() { return OpenAiChatBackend.Config.class; }
            @Override public String id() { return "local-test"; }
            @Override public String url() { return url; }
            @Override public String api_key_ref() { return ""; }
            @Override public String model_cheap() { return ""; }
            @Override public String model_standard() { return "planner-1"; }
            @Override public String model_premium() { return ""; }
            @Override public String price_cheap() { return "0/0"; }
            @Override public String price_standard() { return "0/0"; }
            @Override public String price_premium() { return "0/0"; }
            @Override public String local() { return "auto"; }
            @Override public long connect_timeout_ms() { return 2_000; }
        };
    }
}

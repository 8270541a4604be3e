package dev.steward.model.testing;

import java.lang.annotation.Annotation;
import java.util.Map;

import dev.steward.api.model.ModelTier;
import dev.steward.model.internal.ModelRouter;
import dev.steward.model.internal.OpenAiChatBackend;
import dev.steward.spi.store.GraphStore;

/**
 * The platform's real chat backend and router, bound as DS binds them, for the integration tests of any module (this
 * module's test jar) that run against a local server speaking the OpenAI protocol.
 */
public final class LocalChat {

    private LocalChat() {
    }

    /**
     * A chat backend at the URL with one tier configured.
     *
     * @param id the backend id
     * @param url the server's base URL (loopback: the backend counts as local)
     * @param tier the one tier it serves
     * @param model the model name of that tier
     * @param price the tier's price, {@code input/output} USD per million tokens
     * @return the backend
     */
    public static OpenAiChatBackend backend(String id, String url, ModelTier tier, String model, String price) {
        return new OpenAiChatBackend(new OpenAiChatBackend.Config() {
            @Override public Class<? extends Annotation> annotationType() { return OpenAiChatBackend.Config.class; }
            @Override public String id() { return id; }
            @Override public String url() { return url; }
            @Override public String api_key_ref() { return ""; }
            @Override public String model_cheap() { return tier == ModelTier.CHEAP ? model : ""; }
            @Override public String model_standard() { return tier == ModelTier.STANDARD ? model : ""; }
            @Override public String model_premium() { return tier == ModelTier.PREMIUM ? model : ""; }
            @Override public String price_cheap() { return tier == ModelTier.CHEAP ? price : "0/0"; }
            @Override public String price_standard() { return tier == ModelTier.STANDARD ? price : "0/0"; }
            @Override public String price_premium() { return tier == ModelTier.PREMIUM ? price : "0/0"; }
            @Override public String local() { return "auto"; }
            @Override public long connect_timeout_ms() { return 2_000; }
        });
    }

    /**
     * A router journaling into the store, with its routing settings and one backend.
     *
     * @param store the store of the model call journal
     * @param routing the settings of {@code etc/dev.steward.model.routing.cfg}
     * @param backend its backend
     * @return the router
     */
    public static ModelRouter router(GraphStore store, Map<String, Object> routing, OpenAiChatBackend backend) {
        ModelRouter router = new ModelRouter(store, routing);
        router.addBackend(backend);
        return router;
    }

    /**
     * Stops a router as DS deactivates it.
     *
     * @param router the router
     * @throws ReflectiveOperationException when it cannot be reached
     */
    public static void stop(ModelRouter router) throws ReflectiveOperationException {
        var deactivate = ModelRouter.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(router);
    }
}

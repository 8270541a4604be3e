package dev.steward.model.internal;

import java.time.Clock;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.model.BackendDescriptor;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.spi.model.ModelBackend;

/**
 * A chat backend on an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio), one per factory configuration
 * {@code etc/dev.steward.model.chat-<name>.cfg}: a model per tier, priced per million tokens so each answer carries
 * its cost. It never sends a request that holds sensitive data unless the endpoint is local. Registered with
 * {@code chat=true} and {@code backend.id}.
 */
@Component(service = ModelBackend.class, configurationPid = ChatSettings.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "chat=true")
@Designate(ocd = OpenAiChatBackend.Config.class, factory = true)
public final class OpenAiChatBackend implements ModelBackend {

    /** Settings of one chat backend. */
    @ObjectClassDefinition(name = "Steward chat backend", description = "An OpenAI-compatible chat endpoint")
    public @interface Config {
        @AttributeDefinition(description = "Backend id, shown in status and recorded with each call")
        String id() default "chat";

        @AttributeDefinition(description = "Endpoint base, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1")
        String url();

        @AttributeDefinition(description = "API key reference: empty, file:/path or env:NAME (never the key)")
        String api_key_ref() default "";

        @AttributeDefinition(description = "Model for the cheap tier (empty: tier not served)")
        String model_cheap() default "";

        @AttributeDefinition(description = "Model for the standard tier (empty: tier not served)")
        String model_standard() default "";

        @AttributeDefinition(description = "Model for the premium tier (empty: tier not served)")
        String model_premium() default "";

        @AttributeDefinition(description = "Cheap tier price, USD per million tokens in/out, e.g. 0.15/0.60")
        String price_cheap() default "0/0";

        @AttributeDefinition(description = "Standard tier price, USD per million tokens in/out")
        String price_standard() default "0/0";

        @AttributeDefinition(description = "Premium tier price, USD per million tokens in/out")
        String price_premium() default "0/0";

        @AttributeDefinition(description = "Whether sensitive data may go there: auto (loopback only), true, false")
        String local() default "auto";

        @AttributeDefinition(description = "Most milliseconds connecting may take (each call has its own timeout)")
        long connect_timeout_ms() default 5_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatBackend.class);

    private final ChatSettings settings;
    private final OpenAiChat client;
    private final BackendDescriptor descriptor;

    /**
     * Validates the settings.
     *
     * @param config the settings
     */
    @Activate
    public OpenAiChatBackend(Config config) {
        this(ChatSettings.from(config), Clock.systemUTC());
    }

    OpenAiChatBackend(ChatSettings settings, Clock clock) {
        this.settings = settings;
        this.client = new OpenAiChat(settings.url(), new ApiKey(settings.apiKeyRef()), settings.connectTimeout(), clock);
        this.descriptor = new BackendDescriptor(settings.id(), settings.local(), settings.models().keySet());
        LOG.info("Chat backend {}: {} at {} ({})", settings.id(), settings.models(), client.endpoint(),
                settings.local() ? "local: may see sensitive data" : "remote: never sees sensitive data");
    }

    @Override
    public BackendDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelFailure {
        String model = settings.models().get(request.tier());
        if (model == null) {
            throw new ModelFailure(ModelFailure.Kind.REJECTED, "Chat backend " + settings.id() + " serves no "
                    + request.tier().name().toLowerCase(Locale.ROOT) + " model (set model."
                    + request.tier().name().toLowerCase(Locale.ROOT) + ")");
        }
        if (request.containsSensitive() && !settings.local()) {
            throw new ModelFailure(ModelFailure.Kind.REJECTED, "Chat backend " + settings.id() + " is remote and the"
                    + " request holds sensitive data: nothing was sent");
        }
        return client.complete(request, model, settings.prices().get(request.tier()));
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) throws ModelFailure {
        throw new ModelFailure(ModelFailure.Kind.REJECTED, "Chat backend " + settings.id() + " does not embed; the"
                + " embedding backend is configured in etc/dev.steward.model.cfg");
    }
}

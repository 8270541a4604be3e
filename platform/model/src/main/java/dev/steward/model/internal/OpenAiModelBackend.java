package dev.steward.model.internal;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
import dev.steward.api.model.ModelTier;
import dev.steward.spi.model.ModelBackend;

/**
 * The platform's embedding backend: embeds through the OpenAI-compatible {@code /v1/embeddings} protocol, either at
 * the local model host it starts (default, no network) or at an external URL. Registered with the service property
 * {@code embeddings=true}, which the memory's search looks for. Chat is not offered by this backend.
 */
@Component(service = ModelBackend.class, immediate = true, configurationPid = ModelSettings.PID,
        property = "embeddings=true")
@Designate(ocd = OpenAiModelBackend.Config.class)
public final class OpenAiModelBackend implements ModelBackend {

    /** Settings, from {@code etc/dev.steward.model.cfg}. */
    @ObjectClassDefinition(name = "Steward embedding backend", description = "Where texts are embedded")
    public @interface Config {
        @AttributeDefinition(description = "embedded (the local model host on 127.0.0.1), external (url) or off")
        String mode() default "embedded";

        @AttributeDefinition(description = "External endpoint base, e.g. http://127.0.0.1:11434/v1 (Ollama)")
        String url() default "";

        @AttributeDefinition(description = "Loopback port of the local model host")
        int embedded_port() default 11435;

        @AttributeDefinition(description = "Folder holding dev.steward.model.host.jar and lib/ (empty: KARAF_HOME/model-host)")
        String embedded_runtime() default "";

        @AttributeDefinition(description = "Folder for the host's pid file, log and native library cache (empty: KARAF_DATA/steward)")
        String embedded_data() default "";

        @AttributeDefinition(description = "Maximum heap of the model host JVM")
        String embedded_heap() default "512m";

        @AttributeDefinition(description = "API key reference: empty, file:/path or env:NAME")
        String api_key_ref() default "";

        @AttributeDefinition(description = "Embedding model name sent to the endpoint")
        String model() default "all-minilm-l6-v2";

        @AttributeDefinition(description = "Most milliseconds one request may take")
        long timeout_ms() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiModelBackend.class);

    private final ModelSettings settings;
    private final OpenAiEmbeddings client;
    private final BackendDescriptor descriptor;
    private final ScheduledExecutorService scheduler;
    private final ModelHostProcess host;

    /**
     * Validates the settings and, in embedded mode, starts the model host in the background.
     *
     * @param config the settings
     */
    @Activate
    public OpenAiModelBackend(Config config) {
        this(ModelSettings.from(config));
    }

    OpenAiModelBackend(ModelSettings settings) {
        this.settings = settings;
        this.client = new OpenAiEmbeddings(settings.url(), new ApiKey(settings.apiKeyRef()), settings.timeout(),
                Clock.systemUTC());
        this.descriptor = new BackendDescriptor("embeddings:" + settings.model(), settings.local(),
                Set.of(ModelTier.CHEAP));
        if (settings.mode() == ModelSettings.Mode.EMBEDDED) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-model-host"));
            host = new ModelHostProcess(settings, scheduler);
            host.start();
        } else {
            scheduler = null;
            host = null;
        }
        LOG.info("Embedding backend: {} model {} at {}", settings.mode().name().toLowerCase(java.util.Locale.ROOT),
                settings.model(), client.endpoint());
    }

    @Deactivate
    void deactivate() {
        if (host != null) {
            host.stop();
            scheduler.shutdownNow();
        }
    }

    @Override
    public BackendDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        throw new UnsupportedOperationException("The embedding backend (" + descriptor.id()
                + ") does not serve chat; configure a chat model backend");
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) throws ModelFailure {
        if (settings.mode() == ModelSettings.Mode.OFF) {
            throw new ModelFailure(ModelFailure.Kind.UNAVAILABLE, "embeddings are off (mode = off in etc/"
                    + ModelSettings.PID + ".cfg)");
        }
        try {
            return client.embed(request.texts(), request.model() == null ? settings.model() : request.model());
        } catch (ModelFailure f) {
            if (host != null && !host.problem().isEmpty()) {
                throw new ModelFailure(f.kind(), f.getMessage() + "; model host: " + host.problem(),
                        f.retryAfter().orElse(null), f);
            }
            throw f;
        }
    }
}

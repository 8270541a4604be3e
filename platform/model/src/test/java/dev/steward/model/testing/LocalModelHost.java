package dev.steward.model.testing;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.steward.api.model.EmbeddingRequest;
import dev.steward.model.internal.OpenAiModelBackend;
import dev.steward.spi.model.ModelBackend;
import dev.steward.store.testing.EmbeddedTestStore;

/**
 * The platform's embedding backend in its default mode, for the real-model tests of any module (this module's test
 * jar): it starts the local model host process (the unpacked runtime, system property {@code steward.model.runtime})
 * on a free loopback port.
 */
public final class LocalModelHost implements AutoCloseable {

    private final OpenAiModelBackend backend;

    /**
     * Starts the host and waits (at most 90 s) until it embeds.
     *
     * @param data the host's data folder
     * @throws Exception when it cannot be started
     */
    public LocalModelHost(Path data) throws Exception {
        String runtime = System.getProperty("steward.model.runtime");
        if (runtime == null) {
            throw new IllegalStateException("system property steward.model.runtime is not set (run through failsafe)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, Object> values = Map.of("embedded_port", port, "embedded_runtime", runtime,
                "embedded_data", data.toString());
        OpenAiModelBackend.Config config = (OpenAiModelBackend.Config) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {OpenAiModelBackend.Config.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
        backend = new OpenAiModelBackend(config);
        EmbeddedTestStore.await("model host answers", Duration.ofSeconds(90), () -> {
            try {
                return backend.embed(new EmbeddingRequest(List.of("ready?"), null)).vectors().size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** @return the embedding backend that speaks to the host */
    public ModelBackend backend() {
        return backend;
    }

    @Override
    public void close() throws Exception {
        var deactivate = OpenAiModelBackend.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(backend);
    }
}

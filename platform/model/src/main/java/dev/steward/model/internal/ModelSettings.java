package dev.steward.model.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The validated settings of {@code etc/dev.steward.model.cfg}: where the embeddings endpoint is (the local model
 * host the platform starts, or an external URL), which model, which key and how long a request may take.
 */
record ModelSettings(Mode mode, URI url, int port, String apiKeyRef, String model, Duration timeout, Path runtime,
        Path data, String heap) {

    static final String PID = "dev.steward.model";

    /** Who serves the embeddings. */
    enum Mode {
        /** The platform starts the local model host on 127.0.0.1 and supervises it. */
        EMBEDDED,
        /** An endpoint the operator runs (Ollama, vLLM, a hosted API). */
        EXTERNAL,
        /** No embedding backend: retrieval is fulltext only. */
        OFF
    }

    static ModelSettings from(OpenAiModelBackend.Config c) {
        Mode mode;
        try {
            mode = Mode.valueOf(c.mode().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("mode", c.mode(), "embedded, external or off");
        }
        int port = c.embedded_port();
        if (port < 1 || port > 65_535) {
            throw invalid("embedded.port", Integer.toString(port), "a TCP port, 1 to 65535");
        }
        URI url;
        if (mode == Mode.EMBEDDED) {
            url = URI.create("http://127.0.0.1:" + port + "/v1");
        } else {
            try {
                url = URI.create(c.url().strip());
            } catch (IllegalArgumentException e) {
                throw invalid("url", c.url(), "an http(s) URL such as http://127.0.0.1:11434/v1");
            }
            if (mode == Mode.EXTERNAL && (url.getHost() == null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())))) {
                throw invalid("url", c.url(), "an http(s) URL such as http://127.0.0.1:11434/v1");
            }
        }
        String ref = c.api_key_ref().strip();
        if (!ref.isEmpty() && !(ref.startsWith("file:") || ref.startsWith("env:"))) {
            throw invalid("api.key.ref", ref, "empty, file:/path/to/key or env:VARIABLE (never the key itself)");
        }
        if (c.model().isBlank()) {
            throw invalid("model", c.model(), "a model name, e.g. all-minilm-l6-v2");
        }
        if (c.timeout_ms() < 100) {
            throw invalid("timeout.ms", Long.toString(c.timeout_ms()), "at least 100");
        }
        if (!c.embedded_heap().matches("[0-9]+[mMgG]")) {
            throw invalid("embedded.heap", c.embedded_heap(), "a heap size such as 512m");
        }
        return new ModelSettings(mode, url, port, ref, c.model().strip(), Duration.ofMillis(c.timeout_ms()),
                folder(c.embedded_runtime(), Path.of(System.getProperty("karaf.home", "."), "model-host")),
                folder(c.embedded_data(), Path.of(System.getProperty("karaf.data", "data"), "steward")), c.embedded_heap());
    }

    private static Path folder(String configured, Path fallback) {
        return configured.isBlank() ? fallback : Path.of(configured.strip());
    }

    /** Whether the texts stay on this machine (loopback), so private memory may be embedded there. */
    boolean local() {
        String host = url.getHost();
        return mode == Mode.EMBEDDED || "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    private static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("etc/" + PID + ".cfg: " + key + " = '" + value + "' is not valid; expected "
                + expected);
    }
}

package dev.steward.model.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/**
 * The local model host: serves the default embedding model over the OpenAI-compatible protocol on 127.0.0.1 only
 * ({@code POST /v1/embeddings}, {@code GET /v1/models}), so that the platform speaks one protocol to it and to any
 * other provider. Arguments: {@code port=N model=NAME pid-file=PATH parent-pid=PID}; it stops when its parent dies.
 */
public final class ModelHost {

    static final String MODEL = "all-minilm-l6-v2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_INPUTS = 2048;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final EmbeddingModel model;
    private final String name;

    ModelHost(EmbeddingModel model, String name) {
        this.model = model;
        this.name = name;
    }

    public static void main(String[] args) throws Exception {
        // answers go out as they are written: without TCP_NODELAY the JDK server's two writes (headers, then body) wait
        // for the client's delayed ACK, about 40 ms an answer on a kept-alive connection (measured: p50 53 ms, 10 ms with)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> options = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + a + "' must be key=value");
            }
            options.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int port = Integer.parseInt(options.getOrDefault("port", "11435"));
        String name = options.getOrDefault("model", MODEL);
        if (!MODEL.equals(name)) {
            throw new IllegalArgumentException("this host serves only " + MODEL + ", not " + name);
        }
        ParentWatch.start(Long.parseLong(options.getOrDefault("parent-pid", "0")));
        long t0 = System.nanoTime();
        EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
        model.embed("warm up");
        HttpServer server = new ModelHost(model, name).serve(port);
        if (options.containsKey("pid-file")) {
            Path pid = Path.of(options.get("pid-file"));
            Files.writeString(pid, Long.toString(ProcessHandle.current().pid()));
            pid.toFile().deleteOnExit();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "steward-model-host-stop"));
        System.out.printf("Model host ready: %s on 127.0.0.1:%d in %d ms%n", name, server.getAddress().getPort(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Starts serving on 127.0.0.1 (port 0: any free port). */
    HttpServer serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/v1/embeddings", this::embeddings);
        server.createContext("/v1/models", this::models);
        server.setExecutor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors())));
        server.start();
        return server;
    }

    private void embeddings(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "use POST");
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    error(exchange, 413, "request body over " + MAX_BODY + " bytes");
                    return;
                }
                body = JSON.readTree(bytes);
            } catch (IOException e) {
                error(exchange, 400, "request body is not JSON");
                return;
            }
            List<String> texts = inputs(body == null ? null : body.get("input"));
            if (texts == null) {
                error(exchange, 400, "'input' must be a string or an array of 1 to " + MAX_INPUTS + " strings");
                return;
            }
            String requested = body.path("model").asText(name);
            if (!requested.isBlank() && !requested.equals(name)) {
                error(exchange, 404, "model '" + requested + "' is not served here; this host serves " + name);
                return;
            }
            if (body.has("encoding_format") && !"float".equals(body.get("encoding_format").asText())) {
                error(exchange, 400, "only encoding_format float is supported");
                return;
            }
            var response = model.embedAll(texts.stream().map(TextSegment::from).toList());
            ObjectNode out = JSON.createObjectNode();
            out.put("object", "list");
            out.put("model", name);
            ArrayNode data = out.putArray("data");
            List<Embedding> vectors = response.content();
            for (int i = 0; i < vectors.size(); i++) {
                ObjectNode item = data.addObject();
                item.put("object", "embedding");
                item.put("index", i);
                ArrayNode values = item.putArray("embedding");
                for (float x : vectors.get(i).vector()) {
                    values.add(x);
                }
            }
            int tokens = response.tokenUsage() == null || response.tokenUsage().inputTokenCount() == null
                    ? 0 : response.tokenUsage().inputTokenCount();
            out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
            send(exchange, 200, out);
        } catch (RuntimeException e) {
            error(exchange, 500, "embedding failed: " + e.getClass().getSimpleName());
        }
    }

    private void models(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode out = JSON.createObjectNode();
            out.put("object", "list");
            out.putArray("data").addObject().put("id", name).put("object", "model").put("owned_by", "steward");
            send(exchange, 200, out);
        }
    }

    private static List<String> inputs(JsonNode input) {
        if (input != null && input.isTextual()) {
            return List.of(input.asText());
        }
        if (input == null || !input.isArray() || input.isEmpty() || input.size() > MAX_INPUTS) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode t : input) {
            if (!t.isTextual()) {
                return null;
            }
            texts.add(t.asText());
        }
        return texts;
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.putObject("error").put("message", message).put("type", status >= 500 ? "server_error" : "invalid_request_error");
        send(exchange, status, out);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}

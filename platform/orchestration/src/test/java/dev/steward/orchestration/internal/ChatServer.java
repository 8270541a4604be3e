package dev.steward.orchestration.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server speaking the OpenAI chat completions protocol: it answers each request with the next scripted
 * answer (the last one again when the script ends) and keeps what it was asked.
 */
final class ChatServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpServer server;
    private final Deque<String> bodies = new ConcurrentLinkedDeque<>();
    private volatile String last;
    final List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());

    ChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(MAPPER.readTree(exchange.getRequestBody()));
            String body = bodies.isEmpty() ? last : bodies.poll();
            last = body;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answers the next requests with these plans (JSON texts), as the content of a completion. */
    void plans(String... plans) {
        for (String plan : plans) {
            bodies.add(completion(plan));
        }
    }

    /** Answers the next requests with this raw HTTP body. */
    void raw(String body) {
        bodies.add(body);
    }

    static String completion(String content) {
        return "{\"model\":\"planner-1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":"
                + MAPPER.valueToTree(content) + "}}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":50}}";
    }

    /** The text of every message of the n-th request. */
    String messages(int n) {
        StringBuilder text = new StringBuilder();
        requests.get(n).path("messages").forEach(m -> text.append(m.path("content").asText()).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

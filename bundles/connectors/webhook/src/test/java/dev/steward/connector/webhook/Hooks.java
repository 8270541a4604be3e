package dev.steward.connector.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What the webhook tests share: a free loopback port, a signed POST, and a kernel that starts flows by key. */
final class Hooks {

    static final byte[] SECRET = "test-secret-of-the-hook".getBytes(StandardCharsets.UTF_8);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Hooks() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static HookSettings hook(String name, int port, Authenticator auth, int maxBody) {
        return new HookSettings(name, "lead-intake", "127.0.0.1", port, "/hooks/" + name, auth, "X-Delivery-Id", maxBody, "",
                1, Duration.ofMillis(10));
    }

    static HttpResponse<String> post(HookSettings hook, String body, String deliveryId, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hook.port() + hook.path()))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (deliveryId != null) {
            b.header("X-Delivery-Id", deliveryId);
        }
        if (signature != null) {
            b.header("X-Signature-256", signature);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signed(HookSettings hook, String body, String deliveryId) throws Exception {
        return post(hook, body, deliveryId, HmacSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

}

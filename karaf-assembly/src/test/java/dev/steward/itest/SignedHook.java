package dev.steward.itest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends webhook deliveries to the hooks on one local port as a sender does: JSON, a delivery id, an HMAC-SHA256 signature. */
final class SignedHook {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String secret;

    SignedHook(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    /** A delivery signed with the secret. */
    HttpResponse<String> deliver(String hook, String body, String delivery) throws Exception {
        return send(hook, body, delivery, sign(body));
    }

    /** A delivery with the given signature header (a wrong one, say). */
    HttpResponse<String> send(String hook, String body, String delivery, String signature) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/" + hook))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Delivery-Id", delivery)
                .header("X-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** @return {@code sha256=<hex>} of the body with the secret */
    String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}

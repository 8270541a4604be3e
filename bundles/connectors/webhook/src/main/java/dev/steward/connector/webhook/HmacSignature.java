package dev.steward.connector.webhook;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the HMAC-SHA256 signature of a delivery's raw body, sent in a header as {@code sha256=<hex>} or
 * {@code <hex>}, in constant time. The secret stays in this object; it is never logged or shown.
 */
final class HmacSignature implements Authenticator {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String header;

    HmacSignature(byte[] secret, String header) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the HMAC secret is empty");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.header = header;
    }

    /** @return {@code sha256=<hex>} of the body, as a sender writes it */
    static String sign(byte[] secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac(new SecretKeySpec(secret, ALGORITHM), body));
    }

    @Override
    public Optional<String> refusal(byte[] body, UnaryOperator<String> headers) {
        String given = headers.apply(header);
        if (given == null || given.isBlank()) {
            return Optional.of("signature header " + header + " is missing");
        }
        String hex = given.strip();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.of("signature header " + header + " is not sha256=<hex>");
        }
        return MessageDigest.isEqual(mac(key, body), claimed) ? Optional.empty()
                : Optional.of("signature does not match the body");
    }

    private static byte[] mac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "HMAC-SHA256 signature in " + header;
    }

    @Override
    public String toString() {
        return "HmacSignature[" + header + "]";
    }
}

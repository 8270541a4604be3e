package dev.steward.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an HTTP Basic {@code Authorization} header against the realm. A JAAS login with hashed passwords is
 * slow, so a successful one is remembered for a short while under a salted SHA-256 hash of the credentials (never
 * the credentials themselves); failures are never remembered. A password changed in the realm therefore stops working
 * here only once the remembered login expires.
 */
final class BasicAuthenticator {

    static final int MAX_REMEMBERED = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthenticator.class);
    private static final String SCHEME = "basic ";

    private record Remembered(Caller caller, long expiresAt) {
    }

    private final Realm realm;
    private final long rememberNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];

    BasicAuthenticator(Realm realm, Duration remember, LongSupplier nanoTime) {
        this.realm = realm;
        this.rememberNanos = remember.toNanos();
        this.nanoTime = nanoTime;
        new SecureRandom().nextBytes(salt);
    }

    /**
     * Authenticates a request.
     *
     * @param authorization the {@code Authorization} header, may be {@code null}
     * @return the caller, or empty when the header is missing, malformed or its credentials are refused
     */
    Optional<Caller> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = credentials.substring(0, colon);
        String password = credentials.substring(colon + 1);
        String key = rememberNanos > 0 ? hash(credentials) : null;
        long now = nanoTime.getAsLong();
        Remembered known = key == null ? null : remembered.get(key);
        if (known != null && now - known.expiresAt() < 0) {
            return Optional.of(known.caller());
        }
        try {
            Caller caller = realm.login(user, password);
            if (key != null) {
                remember(key, new Remembered(caller, now + rememberNanos), now);
            }
            return Optional.of(caller);
        } catch (FailedLoginException e) {
            LOG.debug("REST login refused for user '{}'", user);
            return Optional.empty();
        } catch (LoginException e) {
            LOG.warn("REST login of user '{}' could not be checked: {}", user, e.getMessage());
            return Optional.empty();
        }
    }

    private void remember(String key, Remembered login, long now) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.values().removeIf(r -> now - r.expiresAt() >= 0);
            if (remembered.size() >= MAX_REMEMBERED) {
                remembered.clear();
            }
        }
        remembered.put(key, login);
    }

    private String hash(String credentials) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

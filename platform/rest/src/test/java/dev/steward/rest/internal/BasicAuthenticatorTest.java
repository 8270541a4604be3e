package dev.steward.rest.internal;

import static dev.steward.rest.internal.RestApiTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest {

    private final List<String> logins = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private LoginException refusal;

    private final Realm realm = (user, password) -> {
        logins.add(user);
        if (refusal != null) {
            throw refusal;
        }
        if (!password.equals("secret:with:colons")) {
            throw new FailedLoginException("wrong password");
        }
        return new Caller(user, Set.of("viewer"));
    };

    @Test
    void aSuccessfulLoginIsRememberedUntilItExpires() {
        BasicAuthenticator auth = new BasicAuthenticator(realm, Duration.ofSeconds(30), now::get);
        String header = basic("ada", "secret:with:colons");
        assertEquals(Optional.of(new Caller("ada", Set.of("viewer"))), auth.authenticate(header));
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertTrue(auth.authenticate(header).isPresent());
        assertEquals(List.of("ada"), logins);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(auth.authenticate(header).isPresent());
        assertEquals(List.of("ada", "ada"), logins);
    }

    @Test
    void aRememberedLoginDoesNotAcceptAnotherPassword() {
        BasicAuthenticator auth = new BasicAuthenticator(realm, Duration.ofSeconds(30), now::get);
        assertTrue(auth.authenticate(basic("ada", "secret:with:colons")).isPresent());
        assertTrue(auth.authenticate(basic("ada", "guess")).isEmpty());
        assertTrue(auth.authenticate(basic("ada", "guess")).isEmpty());
        assertEquals(List.of("ada", "ada", "ada"), logins, "failures are never remembered");
    }

    @Test
    void zeroSecondsChecksEveryRequest() {
        BasicAuthenticator auth = new BasicAuthenticator(realm, Duration.ZERO, now::get);
        auth.authenticate(basic("ada", "secret:with:colons"));
        auth.authenticate(basic("ada", "secret:with:colons"));
        assertEquals(List.of("ada", "ada"), logins);
    }

    @Test
    void malformedHeadersNeverReachTheRealm() {
        BasicAuthenticator auth = new BasicAuthenticator(realm, Duration.ofSeconds(30), now::get);
        for (String header : new String[] {null, "", "Basic", "Basic ", "Digest abc", "Basic %%%",
                "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()),
                basic("", "secret:with:colons")}) {
            assertTrue(auth.authenticate(header).isEmpty(), String.valueOf(header));
        }
        assertEquals(List.of(), logins);
        assertTrue(auth.authenticate("bAsIc " + basic("ada", "secret:with:colons").substring(6)).isPresent());
    }

    @Test
    void aRealmThatCannotCheckRefuses() {
        refusal = new LoginException("No LoginModules configured for karaf");
        BasicAuthenticator auth = new BasicAuthenticator(realm, Duration.ofSeconds(30), now::get);
        assertTrue(auth.authenticate(basic("ada", "secret:with:colons")).isEmpty());
    }
}

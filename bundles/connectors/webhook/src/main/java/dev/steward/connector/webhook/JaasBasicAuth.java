package dev.steward.connector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * HTTP basic authentication against a JAAS realm (Karaf's {@code karaf} realm by default), optionally requiring a
 * role: a principal whose class name ends with {@code RolePrincipal} and whose name is the role, as Karaf's realms
 * give them. Passwords are never logged; a refusal does not tell whether the user exists.
 */
final class JaasBasicAuth implements Authenticator {

    private final String realm;
    private final String role;

    JaasBasicAuth(String realm, String role) {
        if (realm.isBlank()) {
            throw new IllegalArgumentException("the JAAS realm is empty");
        }
        this.realm = realm;
        this.role = role;
    }

    @Override
    public Optional<String> refusal(byte[] body, UnaryOperator<String> headers) {
        String authorization = headers.apply("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.of("basic authentication required");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.of("the Authorization header is not valid basic authentication");
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.of("the Authorization header is not valid basic authentication");
        }
        Subject subject = login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
        if (subject == null) {
            return Optional.of("user name or password refused");
        }
        if (!role.isEmpty() && subject.getPrincipals().stream().noneMatch(this::isRole)) {
            return Optional.of("the user lacks the role this hook requires");
        }
        return Optional.empty();
    }

    private boolean isRole(Principal p) {
        return p.getClass().getName().endsWith("RolePrincipal") && role.equals(p.getName());
    }

    private Subject login(String user, char[] password) {
        Subject subject = new Subject();
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(user);
                    } else if (callback instanceof PasswordCallback pw) {
                        pw.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            login.login();
            return subject;
        } catch (LoginException e) {
            return null;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    @Override
    public String describe() {
        return "basic authentication in JAAS realm " + realm + (role.isEmpty() ? "" : " with role " + role);
    }
}

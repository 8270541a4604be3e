package dev.steward.connector.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic authentication against a JAAS realm: a test realm with one user, who has the role {@code webhook}. */
class JaasBasicAuthTest {

    private static Configuration previous;

    /** A role principal as Karaf's realms give them: recognised by the class name. */
    public static final class RolePrincipal implements Principal {
        private final String name;

        RolePrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    /** Accepts hook / right-password only. */
    public static final class TestLoginModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private boolean ok;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState, Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.toString());
            }
            ok = "hook".equals(name.getName()) && "right-password".equals(new String(password.getPassword()));
            if (!ok) {
                throw new FailedLoginException("refused");
            }
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new RolePrincipal("webhook"));
            return ok;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            return true;
        }
    }

    @BeforeAll
    static void realm() {
        previous = Configuration.getConfiguration();
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return "test-realm".equals(name) ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        TestLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of())} : null;
            }
        });
    }

    @AfterAll
    static void restore() {
        Configuration.setConfiguration(previous);
    }

    private static Optional<String> refusal(JaasBasicAuth auth, String authorization) {
        return auth.refusal(new byte[0], name -> "Authorization".equals(name) ? authorization : null);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUserOfTheRealmWithTheRoleIsLetIn() {
        assertEquals(Optional.empty(), refusal(new JaasBasicAuth("test-realm", "webhook"), basic("hook", "right-password")));
        assertEquals(Optional.empty(), refusal(new JaasBasicAuth("test-realm", ""), basic("hook", "right-password")));
    }

    @Test
    void aWrongPasswordAMissingHeaderOrAMissingRoleIsRefused() {
        JaasBasicAuth auth = new JaasBasicAuth("test-realm", "webhook");
        assertEquals(Optional.of("user name or password refused"), refusal(auth, basic("hook", "wrong")));
        assertEquals(Optional.of("user name or password refused"), refusal(auth, basic("nobody", "right-password")));
        assertEquals(Optional.of("basic authentication required"), refusal(auth, null));
        assertEquals(Optional.of("the Authorization header is not valid basic authentication"), refusal(auth, "Basic %%%"));
        assertEquals(Optional.of("the user lacks the role this hook requires"),
                refusal(new JaasBasicAuth("test-realm", "admin"), basic("hook", "right-password")));
        assertEquals(Optional.of("user name or password refused"),
                refusal(new JaasBasicAuth("no-such-realm", ""), basic("hook", "right-password")));
    }
}

package dev.steward.rest.internal;

import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * A Karaf JAAS realm ({@code karaf} by default, the one {@code etc/users.properties} feeds): logs the user in with a
 * {@link LoginContext} and reads its user and role principals (Karaf expands groups into roles).
 */
final class JaasRealm implements Realm {

    private final String name;

    JaasRealm(String name) {
        this.name = name;
    }

    @Override
    public Caller login(String user, String password) throws LoginException {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads login modules through the context class loader; Karaf's realms are reached through
        // its proxy module, which lives on the framework's class path, not in this bundle or the web container
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(name, subject, callbacks -> answer(callbacks, user, password));
            login.login();
        } finally {
            thread.setContextClassLoader(previous);
        }
        String userName = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName)
                .findFirst().orElse(user);
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(RolePrincipal::getName)
                .collect(Collectors.toSet());
        return new Caller(userName, roles);
    }

    private static void answer(Callback[] callbacks, String user, String password) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback nameCallback) {
                nameCallback.setName(user);
            } else if (callback instanceof PasswordCallback passwordCallback) {
                passwordCallback.setPassword(password.toCharArray());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}

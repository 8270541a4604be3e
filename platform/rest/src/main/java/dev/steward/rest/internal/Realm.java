package dev.steward.rest.internal;

import javax.security.auth.login.LoginException;

/** Checks a user's password and tells its roles. */
@FunctionalInterface
interface Realm {

    /**
     * Logs a user in.
     *
     * @param user the user name
     * @param password the password
     * @return the user and its roles
     * @throws LoginException when the credentials are refused or the realm cannot check them
     */
    Caller login(String user, String password) throws LoginException;
}

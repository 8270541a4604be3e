package dev.steward.core.internal.shell;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.core.internal.security.UserAccounts;

/** A command about the realm's accounts: the accounts and a masked password prompt when none is given. */
abstract class UserCommand implements Action {

    @Reference
    UserAccounts accounts;

    @Reference
    Session session;

    /** The password given, or one read twice with echo off. */
    String password(String given) throws IOException {
        if (given != null) {
            return given;
        }
        String first = session.readLine("Password: ", '*');
        String again = session.readLine("Again: ", '*');
        if (first == null || !first.equals(again)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }
}

package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.console.Session;

/** The operator behind a shell session, for the audit trail. */
final class Actor {

    private Actor() {
    }

    static String of(Session session) {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "shell" : user.toString();
    }
}

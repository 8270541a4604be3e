package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.memory.SessionHistory;

/** {@code steward:session-forget}: erases a session for good, leaving a tombstone that names the operator. */
@Service
@Command(scope = "steward", name = "session-forget",
        description = "Erases a session, its turns and its summaries (cannot be undone)")
public class SessionForgetCommand implements Action {

    @Reference
    SessionHistory sessions;

    @Reference
    Session session;

    @Argument(index = 0, name = "sessionId", required = true, description = "The session to erase")
    String sessionId;

    @Override
    public Object execute() {
        int erased = sessions.forgetSession(sessionId, ShellInput.user(session));
        System.out.println("Session " + sessionId + " forgotten: " + erased + " turn(s) and summary(ies) erased");
        return null;
    }
}

package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionUpkeep;

/** {@code steward:session-upkeep}: runs the session upkeep now, audited like the scheduled runs. */
@Service
@Command(scope = "steward", name = "session-upkeep",
        description = "Summarizes the turns beyond each session's window and deletes turns past their retention, now")
public class SessionUpkeepCommand implements Action {

    @Reference
    SessionHistory sessions;

    @Reference
    Session session;

    @Override
    public Object execute() {
        SessionUpkeep run = sessions.upkeep(ShellInput.user(session));
        System.out.println("Session upkeep " + run.runId() + " at " + run.at() + ": " + run.turnsSummarized()
                + " turn(s) of " + run.sessionsSummarized() + " session(s) summarized, " + run.turnsExpired()
                + " expired turn(s) deleted");
        return null;
    }
}

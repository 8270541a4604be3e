package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.SessionSummary;
import dev.steward.api.memory.SessionView;
import dev.steward.api.memory.Turn;

/** {@code steward:session}: shows a session's summaries and its most recent turns. */
@Service
@Command(scope = "steward", name = "session", description = "Shows a session: the summaries of its older turns, then its recent turns")
public class SessionCommand implements Action {

    @Reference
    SessionHistory sessions;

    @Argument(index = 0, name = "sessionId", required = true, description = "The session")
    String sessionId;

    @Option(name = "-n", aliases = "--recent", description = "How many recent turns to show (default 20)")
    int recent = 20;

    @Override
    public Object execute() {
        SessionView view = sessions.session(sessionId, recent)
                .orElseThrow(() -> new IllegalArgumentException("No session " + sessionId));
        System.out.println("Session " + view.sessionId() + ": " + view.turnCount() + " turn(s) appended, "
                + view.summaries().size() + " summary(ies), " + view.turns().size() + " recent turn(s) shown");
        for (SessionSummary s : view.summaries()) {
            System.out.println("summary of turns " + s.fromSeq() + ".." + s.toSeq() + " (" + s.from() + " to " + s.to()
                    + ", by " + s.summarizer() + "):");
            s.text().lines().forEach(line -> System.out.println("    " + line));
        }
        for (Turn t : view.turns()) {
            System.out.printf("%5d  %-20s  %-12s  %s%n", t.seq(), t.occurredAt(), t.speaker(), t.text().replaceAll("\\s+", " ").strip());
        }
        return null;
    }
}

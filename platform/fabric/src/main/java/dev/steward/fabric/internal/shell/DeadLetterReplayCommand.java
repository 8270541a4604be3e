package dev.steward.fabric.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.fabric.DeadLetterView;
import dev.steward.api.fabric.ExceptionsInbox;

/** {@code steward:dead-letter-replay}: sends one OPEN letter, or every OPEN letter of a route, back to its endpoint. */
@Service
@Command(scope = "steward", name = "dead-letter-replay",
        description = "Replays an OPEN dead letter (or, with --route, every OPEN letter of a route) into its endpoint")
public class DeadLetterReplayCommand implements Action {

    @Reference
    ExceptionsInbox inbox;

    @Argument(index = 0, name = "id", required = false, description = "Dead letter id")
    String id;

    @Option(name = "-r", aliases = "--route", description = "Replay every OPEN letter of this route, oldest first")
    String route;

    @Override
    public Object execute() {
        if ((id == null) == (route == null)) {
            System.err.println("Give either a dead letter id or --route <route>");
            return null;
        }
        if (route != null) {
            System.out.println(inbox.replayAll(route) + " dead letter(s) of route " + route + " replayed");
            return null;
        }
        DeadLetterView letter = inbox.replay(id);
        if ("REPLAYED".equals(letter.status())) {
            System.out.println("Dead letter " + id + " replayed");
        } else {
            System.out.println("Replay of dead letter " + id + " failed again (" + letter.failedReplays()
                    + " failed replay(s)): " + letter.exceptionType() + ": " + letter.reason());
        }
        return null;
    }
}

package dev.steward.memory.internal.shell;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.memory.SessionHistory;
import dev.steward.api.memory.Turn;

/** {@code steward:session-append}: appends one turn to a session, creating the session with its first turn. */
@Service
@Command(scope = "steward", name = "session-append", description = "Appends a turn to a session (created with its first turn)")
public class SessionAppendCommand implements Action {

    @Reference
    SessionHistory sessions;

    @Reference
    Session session;

    @Argument(index = 0, name = "sessionId", required = true, description = "The session")
    String sessionId;

    @Argument(index = 1, name = "text", required = true, multiValued = true, description = "What was said")
    List<String> text;

    @Option(name = "--speaker", description = "Who said it (default: you)")
    String speaker;

    @Option(name = "-s", aliases = "--source", description = "Where it came from: type:id or an id (default: you)")
    String source;

    @Option(name = "-m", aliases = "--meta", multiValued = true, description = "A label, key=value (repeatable)")
    List<String> meta;

    @Option(name = "--at", description = "When it happened, ISO-8601 (default now)")
    String at;

    @Override
    public Object execute() {
        Instant occurred = at == null ? Instant.now() : ShellInput.instant(at, "--at");
        Turn turn = sessions.append(sessionId, speaker == null ? ShellInput.user(session) : speaker, String.join(" ", text),
                occurred, ShellInput.labels(meta), ShellInput.provenance(source, session));
        System.out.println("Turn " + turn.seq() + " of session " + turn.sessionId() + " appended (" + turn.id() + ", "
                + turn.occurredAt() + ")");
        return null;
    }
}

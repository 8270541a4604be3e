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

import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;

/** {@code steward:remember}: records one episode in the knowledge bank. */
@Service
@Command(scope = "steward", name = "remember", description = "Records a text (an episode) in the knowledge bank")
public class RememberCommand implements Action {

    @Reference
    KnowledgeBank knowledge;

    @Reference
    Session session;

    @Argument(index = 0, name = "text", required = true, multiValued = true, description = "The text to remember")
    List<String> text;

    @Option(name = "-s", aliases = "--source", description = "Where it came from: type:id or an id (default: you)")
    String source;

    @Option(name = "--kind", description = "What sort of text it is (default note)")
    String kind = "note";

    @Option(name = "-m", aliases = "--meta", multiValued = true, description = "A label, key=value (repeatable)")
    List<String> meta;

    @Option(name = "--at", description = "When it happened, ISO-8601 (default now)")
    String at;

    @Option(name = "--mention", multiValued = true, description = "The id of an entity it mentions (repeatable)")
    List<String> mentions;

    @Override
    public Object execute() {
        Instant occurred = at == null ? Instant.now() : ShellInput.instant(at, "--at");
        Episode episode = knowledge.recordEpisode(kind, String.join(" ", text), occurred, ShellInput.labels(meta),
                ShellInput.provenance(source, session), mentions);
        System.out.println("Episode " + episode.id() + " remembered (" + episode.kind() + ", " + episode.occurredAt()
                + (episode.metadata().isEmpty() ? "" : ", " + episode.metadata()) + ")");
        return null;
    }
}

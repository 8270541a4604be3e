package dev.steward.memory.internal.shell;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;
import dev.steward.api.memory.KnowledgeQuery;

/**
 * {@code steward:recall}: searches the knowledge bank, optionally in a time window or among episodes with given metadata
 * values, and shows each hit's metadata.
 */
@Service
@Command(scope = "steward", name = "recall",
        description = "Searches the knowledge bank; a time window or a metadata filter keeps episodes only")
public class RecallCommand implements Action {

    private static final int MAX_TEXT = 80;

    @Reference
    KnowledgeBank knowledge;

    @Argument(index = 0, name = "query", required = true, multiValued = true, description = "What to look for")
    List<String> query;

    @Option(name = "-t", aliases = "--type", multiValued = true, description = "Only this episode kind or entity type (repeatable)")
    List<String> types;

    @Option(name = "-k", aliases = {"-l", "--limit"}, description = "At most this many hits (default 10)")
    int limit = 10;

    @Option(name = "--from", description = "Only episodes that occurred at or after this ISO-8601 instant or date")
    String from;

    @Option(name = "--to", description = "Only episodes that occurred before this ISO-8601 instant or date")
    String to;

    @Option(name = "--meta", multiValued = true,
            description = "Only episodes stored with this metadata value, key=value (repeatable: all must match)")
    List<String> meta;

    @Override
    public Object execute() {
        List<KnowledgeHit> hits = knowledge.search(new KnowledgeQuery(String.join(" ", query),
                types == null ? Set.of() : Set.copyOf(types), ShellInput.instant(from, "--from"),
                ShellInput.instant(to, "--to"), limit, ShellInput.labels(meta)));
        System.out.printf("%-8s  %-36s  %-10s  %-20s  %6s  %s%n", "SOURCE", "ID", "TYPE", "AT", "SCORE", "TEXT");
        for (KnowledgeHit hit : hits) {
            System.out.printf("%-8s  %-36s  %-10s  %-20s  %6.3f  %s%n", hit.source(), hit.id(), hit.type(), hit.at(),
                    hit.score(), ShellInput.oneLine(hit.text(), MAX_TEXT));
            if (!hit.metadata().isEmpty()) {
                System.out.println("          metadata: " + new TreeMap<>(hit.metadata()));
            }
            if (!hit.entities().isEmpty()) {
                System.out.println("          entities: " + String.join(", ",
                        hit.entities().stream().map(e -> e.name() + " (" + e.id() + ")").toList()));
            }
        }
        return null;
    }
}

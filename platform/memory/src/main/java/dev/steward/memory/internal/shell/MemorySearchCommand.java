package dev.steward.memory.internal.shell;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.KnowledgeHit;

/** {@code steward:memory-search}: searches the knowledge bank's episodes and entity names, best hit first. */
@Service
@Command(scope = "steward", name = "memory-search", description = "Searches the knowledge bank (episodes and entity names)")
public class MemorySearchCommand implements Action {

    private static final int MAX_TEXT = 80;

    @Reference
    KnowledgeBank knowledge;

    @Argument(index = 0, name = "text", required = true, description = "What to look for")
    String text;

    @Option(name = "-t", aliases = "--type", description = "Only hits of this episode kind or entity type")
    String type;

    @Option(name = "-l", aliases = "--limit", description = "At most this many hits")
    int limit = 10;

    @Override
    public Object execute() {
        List<KnowledgeHit> hits = knowledge.search(text, type == null ? null : Set.of(type), limit);
        System.out.printf("%-8s  %-36s  %-12s  %6s  %s%n", "SOURCE", "ID", "TYPE", "SCORE", "TEXT / ENTITIES");
        for (KnowledgeHit hit : hits) {
            String entities = String.join(", ", hit.entities().stream().map(MemorySearchCommand::entity).toList());
            System.out.printf("%-8s  %-36s  %-12s  %6.3f  %s%n", hit.source(), hit.id(), hit.type(), hit.score(),
                    shorten(hit.text()) + (entities.isEmpty() ? "" : " [" + entities + "]"));
        }
        return null;
    }

    private static String entity(Entity entity) {
        return entity.name() + " (" + entity.id() + ")";
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_TEXT ? line : line.substring(0, MAX_TEXT - 1) + "…";
    }
}

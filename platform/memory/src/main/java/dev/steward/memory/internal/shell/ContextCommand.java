package dev.steward.memory.internal.shell;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Memory;

/** {@code steward:context}: assembles the context bundle for a task and prints its items with their citations. */
@Service
@Command(scope = "steward", name = "context",
        description = "Assembles what memory holds for a task (working context, session, knowledge) within a size budget")
public class ContextCommand implements Action {

    static final int DEFAULT_MAX_CHARS = 4_000;

    @Reference
    Memory memory;

    @Argument(index = 0, name = "task", required = true, multiValued = true, description = "What the task is about")
    List<String> task;

    @Option(name = "--session", description = "The session whose summaries and recent turns to include")
    String session;

    @Option(name = "--flow", description = "The flow instance whose working context to include")
    String flow;

    @Option(name = "--max-chars", description = "The budget: most characters of item text (default 4000)")
    int maxChars = DEFAULT_MAX_CHARS;

    @Option(name = "-t", aliases = "--type", multiValued = true, description = "Only this episode kind or entity type (repeatable)")
    List<String> types;

    @Option(name = "-m", aliases = "--meta", multiValued = true, description = "Only episodes with this label, key=value (repeatable)")
    List<String> meta;

    @Override
    public Object execute() {
        ContextBundle bundle = memory.context(new ContextRequest(String.join(" ", task), session, flow, maxChars,
                types == null ? Set.of() : Set.copyOf(types), ShellInput.labels(meta)));
        System.out.println(render(bundle));
        return null;
    }

    /** The bundle as the shell prints it: one block per item, its citation first, then the summary line. */
    static String render(ContextBundle bundle) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (ContextItem item : bundle.items()) {
            out.append(String.format("[%d] %-9s %-8s %s%s%s%n", ++n, item.tier(), item.kind(), item.citation(),
                    item.at() == null ? "" : "  " + item.at(), item.truncated() ? "  (cut)" : ""));
            item.text().lines().forEach(line -> out.append("    ").append(line).append(System.lineSeparator()));
        }
        out.append(String.format("%d item(s), %d of %d characters, %d omitted", bundle.items().size(),
                bundle.usedChars(), bundle.maxChars(), bundle.omitted()));
        return out.toString();
    }
}

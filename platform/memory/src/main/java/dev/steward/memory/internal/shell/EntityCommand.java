package dev.steward.memory.internal.shell;

import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.memory.Entity;
import dev.steward.api.memory.EntityView;
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeBank;

/** {@code steward:entity}: shows an entity, its current facts and the entities they link it to. */
@Service
@Command(scope = "steward", name = "entity", description = "Shows an entity of the knowledge bank with its current facts")
public class EntityCommand implements Action {

    @Reference
    KnowledgeBank knowledge;

    @Argument(index = 0, name = "id", required = true, description = "The entity id")
    String id;

    @Override
    public Object execute() {
        EntityView view = knowledge.entity(id).orElseThrow(() -> new IllegalArgumentException("No entity with id " + id));
        Entity e = view.entity();
        System.out.println(e.name() + " (" + e.type() + ", " + e.id() + ")");
        if (e.email() != null) {
            System.out.println("  email: " + e.email());
        }
        new TreeMap<>(e.attributes()).forEach((k, v) -> System.out.println("  " + k + ": " + v));
        Map<String, Entity> linked = new TreeMap<>();
        view.linked().forEach(x -> linked.put(x.id(), x));
        System.out.println("Facts:");
        view.facts().forEach(f -> System.out.println("  " + fact(f, linked)));
        System.out.println("Facts pointing to it:");
        view.incomingFacts().forEach(f -> System.out.println("  " + name(f.subjectId(), linked) + " " + fact(f, linked)));
        System.out.println("Linked entities:");
        view.linked().forEach(x -> System.out.println("  " + x.name() + " (" + x.type() + ", " + x.id() + ")"));
        return null;
    }

    private static String fact(Fact f, Map<String, Entity> linked) {
        String object = f.value() != null ? "\"" + ShellInput.oneLine(f.value(), 60) + "\"" : name(f.objectId(), linked);
        return f.predicate() + " " + object + "  (since " + f.validFrom() + (f.validTo() == null ? "" : ", until " + f.validTo())
                + ", confidence " + f.confidence() + ", from " + f.provenance().sourceType() + ":" + f.provenance().sourceId()
                + ", " + f.id() + ")";
    }

    private static String name(String id, Map<String, Entity> linked) {
        Entity e = linked.get(id);
        return e == null ? id : e.name() + " (" + id + ")";
    }
}

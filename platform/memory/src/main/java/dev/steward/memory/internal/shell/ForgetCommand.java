package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.memory.KnowledgeBank;

/** {@code steward:forget}: erases a subject for good, leaving a tombstone that names the operator. */
@Service
@Command(scope = "steward", name = "forget",
        description = "Erases an entity, its facts and the episodes that mention only it (cannot be undone)")
public class ForgetCommand implements Action {

    @Reference
    KnowledgeBank knowledge;

    @Reference
    Session session;

    @Argument(index = 0, name = "entityId", required = true, description = "The entity to erase")
    String entityId;

    @Override
    public Object execute() {
        int erased = knowledge.forgetSubject(entityId, ShellInput.user(session));
        System.out.println("Subject " + entityId + " forgotten: " + erased + " node(s) erased");
        return null;
    }
}

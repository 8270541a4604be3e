package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.flow.FlowService;

/** A command about one flow: the flow service, the session (for the actor) and the flow id argument. */
abstract class FlowCommand implements Action {

    @Reference
    FlowService flows;

    @Reference
    Session session;

    @Argument(index = 0, name = "id", required = true, description = "Flow instance id")
    String id;

    /** The operator who runs the command, for the audit trail. */
    String actor() {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "shell" : user.toString();
    }
}

package dev.steward.core.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.agent.AgentRegistry;

/** {@code steward:agent-migrate [--from v] [--to v] <agentId>}: re-pins an agent's unfinished steps to another version. */
@Service
@Command(scope = "steward", name = "agent-migrate",
        description = "Moves an agent's parked and unfinished steps from the version they are pinned to onto another one")
public class AgentMigrateCommand implements Action {

    @Reference
    AgentRegistry registry;

    @Reference
    Session session;

    @Argument(name = "agentId", required = true, description = "The agent id")
    String agentId;

    @Option(name = "--from", description = "Only the steps pinned to this version (default: every other version)")
    String from;

    @Option(name = "--to", description = "The version to pin them to, registered now (default: the newest registered)")
    String to;

    @Override
    public Object execute() {
        Object user = session == null ? null : session.get("USER");
        List<String> moved = registry.migrate(agentId, from, to, user == null ? "shell" : user.toString());
        System.out.println(moved.size() + " step(s) of agent " + agentId + " migrated" + (moved.isEmpty() ? "." : ":"));
        moved.forEach(step -> System.out.println("  " + step));
        return null;
    }
}

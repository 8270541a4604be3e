package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:user-list}: the accounts of the realm that guards the shell and the REST API, with their groups. */
@Service
@Command(scope = "steward", name = "user-list", description = "Lists the accounts that may use the shell and the REST API")
public class UserListCommand extends UserCommand {

    @Override
    public Object execute() {
        accounts.list().forEach(a -> System.out.printf("%-24s %s%n", a.name(), String.join(",", a.groups())));
        return null;
    }
}

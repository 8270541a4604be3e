package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:user-remove}: removes an account (never the last admin). */
@Service
@Command(scope = "steward", name = "user-remove", description = "Removes an account (not the last admin)")
public class UserRemoveCommand extends UserCommand {

    @Argument(index = 0, name = "name", required = true, description = "the account name")
    String name;

    @Override
    public Object execute() throws Exception {
        accounts.remove(name);
        System.out.println("Removed " + name);
        return null;
    }
}

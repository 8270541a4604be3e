package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.core.internal.security.UserAccounts.Role;

/** {@code steward:user-add}: adds an account with one role; the password is asked for unless given. */
@Service
@Command(scope = "steward", name = "user-add", description = "Adds an account with the role viewer, operator or admin")
public class UserAddCommand extends UserCommand {

    @Argument(index = 0, name = "name", required = true, description = "the account name")
    String name;

    @Argument(index = 1, name = "role", required = true, description = "viewer, operator or admin")
    String role;

    @Argument(index = 2, name = "password", description = "at least 12 characters; asked for (not echoed) when left out")
    String password;

    @Override
    public Object execute() throws Exception {
        Role r = Role.of(role);
        accounts.add(name, password(password), r);
        System.out.println("Added " + name + " (" + role.toLowerCase(java.util.Locale.ROOT) + ")");
        return null;
    }
}

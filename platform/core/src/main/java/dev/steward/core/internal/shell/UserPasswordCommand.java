package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:user-password}: sets an account's password, keeping its role. */
@Service
@Command(scope = "steward", name = "user-password", description = "Sets an account's password")
public class UserPasswordCommand extends UserCommand {

    @Argument(index = 0, name = "name", required = true, description = "the account name")
    String name;

    @Argument(index = 1, name = "password", description = "at least 12 characters; asked for (not echoed) when left out")
    String password;

    @Override
    public Object execute() throws Exception {
        accounts.password(name, password(password));
        System.out.println("Changed the password of " + name);
        return null;
    }
}

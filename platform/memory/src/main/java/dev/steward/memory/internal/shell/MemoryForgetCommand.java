package dev.steward.memory.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:memory-forget}: the earlier name of {@code steward:forget}, kept for scripts that use it. */
@Service
@Command(scope = "steward", name = "memory-forget",
        description = "Erases an entity, its facts and the episodes that mention only it (cannot be undone); as steward:forget")
public class MemoryForgetCommand extends ForgetCommand {
}

package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.status.StatusService;
import dev.steward.core.internal.status.StatusReport;

/** {@code steward:status}: platform version, store, Camel context and the state of every Steward bundle. */
@Service
@Command(scope = "steward", name = "status", description = "Shows whether Steward is ready: store, Camel and bundles")
public class StatusCommand implements Action {

    @Reference
    StatusService statusService;

    @Option(name = "-v", aliases = "--verbose", description = "Also show the details each component reports")
    boolean verbose;

    @Override
    public Object execute() {
        System.out.print(StatusReport.render(statusService.status(), verbose));
        return null;
    }
}

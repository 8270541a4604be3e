package dev.steward.core.internal.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code steward:flow-retry}: runs a failed flow again from its failed step. */
@Service
@Command(scope = "steward", name = "flow-retry", description = "Runs a FAILED flow again from its failed step (same idempotency key)")
public class FlowRetryCommand extends FlowCommand {

    @Override
    public Object execute() {
        System.out.println("Flow " + id + " is " + flows.retry(id, actor()).status());
        return null;
    }
}

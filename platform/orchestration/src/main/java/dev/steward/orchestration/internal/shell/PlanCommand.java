package dev.steward.orchestration.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import dev.steward.api.plan.Choreographer;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;

/** {@code steward:plan}: makes a plan for a goal, shows it with its problems, and with {@code --run} starts it. */
@Service
@Command(scope = "steward", name = "plan",
        description = "Makes a plan for a goal over the registered capabilities; --run starts it when it is valid")
public class PlanCommand implements Action {

    @Reference
    Choreographer choreographer;

    @Reference(optional = true)
    Session session;

    @Argument(index = 0, name = "goal", required = true, description = "What is wanted, in quotes")
    String goal;

    @Option(name = "-c", aliases = "--context", multiValued = true,
            description = "A context field, key=value (numbers and true/false are typed, \"quoted\" stays text)")
    List<String> context;

    @Option(name = "-r", aliases = "--run", description = "Start the plan's flow when the plan is valid")
    boolean run;

    @Override
    public Object execute() {
        String actor = actor();
        Plan plan = choreographer.propose(new Goal(goal, ContextValues.parse(context)), actor);
        if (run && plan.status() == Plan.Status.VALID) {
            plan = choreographer.run(plan.id(), actor);
        }
        System.out.print(PlanPrinter.render(plan));
        return null;
    }

    private String actor() {
        Object user = session == null ? null : session.get("USER");
        return user == null ? "shell" : user.toString();
    }
}

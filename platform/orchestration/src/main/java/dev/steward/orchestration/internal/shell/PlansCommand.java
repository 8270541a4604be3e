package dev.steward.orchestration.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.api.plan.Choreographer;
import dev.steward.api.plan.Plan;

/** {@code steward:plans}: the newest plans, one line each, or one plan in full. */
@Service
@Command(scope = "steward", name = "plans", description = "Lists the newest plans, or shows one plan in full")
public class PlansCommand implements Action {

    @Reference
    Choreographer choreographer;

    @Argument(index = 0, name = "id", description = "A plan id: show this plan in full")
    String id;

    @Option(name = "-n", aliases = "--limit", description = "How many plans to list (newest first)")
    int limit = 20;

    @Override
    public Object execute() {
        if (id != null) {
            Plan plan = choreographer.find(id).orElseThrow(() -> new IllegalArgumentException("no plan '" + id + "'"));
            System.out.print(PlanPrinter.render(plan));
            return null;
        }
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        System.out.print(render(choreographer.plans(limit)));
        return null;
    }

    static String render(List<Plan> plans) {
        StringBuilder out = new StringBuilder(String.format("%-36s  %-8s  %-8s  %-5s  %-36s  %s%n", "PLAN", "STATUS",
                "ORIGIN", "STEPS", "FLOW", "GOAL"));
        for (Plan p : plans) {
            String goal = p.goal().text().length() > 60 ? p.goal().text().substring(0, 57) + "..." : p.goal().text();
            out.append(String.format("%-36s  %-8s  %-8s  %-5d  %-36s  %s%n", p.id(), p.status(), p.origin(),
                    p.steps().size(), p.flowId() == null ? "-" : p.flowId(), goal));
        }
        return out.toString();
    }
}

package dev.steward.definitions.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.steward.definitions.internal.FlowFiles;
import dev.steward.definitions.internal.FlowFilesReport;

/** {@code steward:flow-definitions}: the flows loaded from the flow files, their versions and files, and file errors. */
@Service
@Command(scope = "steward", name = "flow-definitions",
        description = "Lists the flow definitions loaded from etc/steward/flows and the files that did not load")
public class FlowDefinitionsCommand implements Action {

    @Reference
    FlowFiles files;

    @Override
    public Object execute() {
        System.out.print(render(files.report()));
        return null;
    }

    static String render(FlowFilesReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Flow files in ").append(report.directory()).append(": ").append(report.definitionCount())
                .append(" definition(s) loaded, ").append(report.errors().size()).append(" file(s) with errors\n");
        if (!report.directoryProblem().isEmpty()) {
            out.append("Directory unavailable: ").append(report.directoryProblem()).append('\n');
        }
        if (!report.flows().isEmpty()) {
            out.append(String.format("%-32s  %-12s  %s%n", "DEFINITION", "VERSIONS", "FILE"));
            for (FlowFilesReport.Flow flow : report.flows()) {
                String versions = String.join(", ", flow.versions().stream().map(String::valueOf).toList());
                out.append(String.format("%-32s  %-12s  %s%n", flow.id(), versions, flow.file()));
            }
        }
        if (!report.errors().isEmpty()) {
            out.append("ERRORS\n");
            report.errors().values().forEach(error -> out.append("  ").append(error).append('\n'));
        }
        return out.toString();
    }
}

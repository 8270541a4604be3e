package dev.steward.definitions.internal;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the flow files offer at one moment: the directory, the flows loaded from it, and why each file that
 * did not load did not.
 *
 * @param directory the flows directory
 * @param directoryProblem why the directory cannot be read, or empty
 * @param flows the flows offered, by id
 * @param errors the error of each file that did not load ({@code <file>:<line>:<column>: <reason>}), by file name
 */
public record FlowFilesReport(Path directory, String directoryProblem, List<Flow> flows, Map<String, String> errors) {

    /**
     * One flow of one file.
     *
     * @param id the flow definition id
     * @param versions the versions offered, oldest first
     * @param file the file name
     */
    public record Flow(String id, List<Integer> versions, String file) {
    }

    /** Copies the lists; errors are kept sorted by file name. */
    public FlowFilesReport {
        flows = List.copyOf(flows);
        errors = Collections.unmodifiableMap(new TreeMap<>(errors));
    }

    /**
     * Counts the definition versions offered.
     *
     * @return the number of versions of all flows
     */
    public int definitionCount() {
        return flows.stream().mapToInt(flow -> flow.versions().size()).sum();
    }
}

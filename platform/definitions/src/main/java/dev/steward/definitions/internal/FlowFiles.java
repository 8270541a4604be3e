package dev.steward.definitions.internal;

/** The flow files as loaded right now; a service of this bundle, used by its shell command. */
public interface FlowFiles {

    /**
     * Reports what is loaded and what is not.
     *
     * @return the report
     */
    FlowFilesReport report();
}

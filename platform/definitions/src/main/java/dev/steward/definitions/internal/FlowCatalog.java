package dev.steward.definitions.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.flow.FlowDefinition;

/**
 * What the flow files offer the kernel, file by file, and the rules of reloading them:
 * <ul>
 * <li>a file offers every version of its flow it has held since the platform started, so that flows
 * running on an older version keep finding it; the kernel starts new flows on the newest;</li>
 * <li>a file that fails to load keeps what it offered; its error is logged once (again only when the file
 * changes or the error does) and shown until it is fixed;</li>
 * <li>a version already loaded cannot change its content, nor can a file go back to an older version, and a
 * version is loaded from one file only;</li>
 * <li>a deleted file, or a file that now defines another flow, withdraws the versions it offered.</li>
 * </ul>
 * Files in error are read again on every pass, so that an error caused by another file clears with it.
 */
final class FlowCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(FlowCatalog.class);

    private record Offered(FlowDefinition definition, Runnable withdrawal) {
    }

    private static final class FileState {
        private String text;
        private String error;
        private String flowId;
        private final NavigableMap<Integer, Offered> versions = new TreeMap<>();
    }

    private final Path directory;
    private final DefinitionPublisher publisher;
    private final Map<String, FileState> files = new TreeMap<>();

    FlowCatalog(Path directory, DefinitionPublisher publisher) {
        this.directory = directory;
        this.publisher = publisher;
    }

    /**
     * Brings what is offered in line with the files read: withdraws deleted files, loads new and changed
     * ones, retries those in error.
     *
     * @return the errors logged in this pass (each error is logged once)
     */
    synchronized List<String> apply(FlowDirectory.Contents contents) {
        List<String> logged = new ArrayList<>();
        for (String name : List.copyOf(files.keySet())) {
            if (!contents.texts().containsKey(name) && !contents.unreadable().containsKey(name)) {
                withdraw(name, files.remove(name), "its file was deleted");
            }
        }
        new TreeMap<>(contents.unreadable()).forEach((name, problem) -> {
            FileState state = files.computeIfAbsent(name, n -> new FileState());
            boolean changed = state.text != null || state.error == null;
            state.text = null;
            fail(name, state, new FlowFileException(name, null, problem), changed, logged);
        });
        // in name order: when two new files claim one version, the same one wins whatever the listing order
        new TreeMap<>(contents.texts()).forEach((name, text) -> load(name, text, logged));
        return logged;
    }

    private void load(String name, String text, List<String> logged) {
        FileState state = files.computeIfAbsent(name, n -> new FileState());
        boolean changed = !text.equals(state.text);
        if (!changed && state.error == null) {
            return;
        }
        state.text = text;
        try {
            offer(name, state, FlowYaml.parse(name, text));
            if (state.error != null) {
                LOG.info("Flow file {} loads again", directory.resolve(name));
            }
            state.error = null;
        } catch (FlowFileException e) {
            fail(name, state, e, changed, logged);
        }
    }

    private void offer(String name, FileState state, FlowYaml.Parsed parsed) throws FlowFileException {
        FlowDefinition definition = parsed.definition();
        int version = definition.version();
        NavigableMap<Integer, Offered> own = definition.id().equals(state.flowId)
                ? state.versions : Collections.emptyNavigableMap();
        Offered same = own.get(version);
        if (same != null) {
            if (same.definition().equals(definition)) {
                return; // only comments or layout changed
            }
            throw new FlowFileException(name, parsed.versionAt(), "version " + version
                    + " is already loaded with different content; raise the version");
        }
        if (!own.isEmpty() && version < own.lastKey()) {
            throw new FlowFileException(name, parsed.versionAt(), "version " + version + " is older than version "
                    + own.lastKey() + ", which this file already loaded, and new flows start on the newest: raise the version");
        }
        String other = holder(definition.id(), version, state);
        if (other != null) {
            throw new FlowFileException(name, parsed.idAt(), "flow '" + definition.id() + "' version " + version
                    + " is already loaded from " + other);
        }
        if (state.flowId != null && !state.flowId.equals(definition.id())) {
            withdraw(name, state, "the file now defines flow '" + definition.id() + "'");
        }
        state.versions.put(version, new Offered(definition, publisher.publish(name, definition)));
        state.flowId = definition.id();
        LOG.info("Flow file {}: offering flow '{}' version {} (versions offered: {})", directory.resolve(name),
                definition.id(), version, state.versions.keySet());
    }

    private void fail(String name, FileState state, FlowFileException e, boolean changed, List<String> logged) {
        if (changed || !e.getMessage().equals(state.error)) {
            String kept = state.versions.isEmpty() ? ""
                    : "; flow '" + state.flowId + "' versions " + state.versions.keySet() + " stay offered";
            LOG.error("Flow file rejected: {}/{}{}", directory, e.getMessage(), kept);
            logged.add(e.getMessage());
        }
        state.error = e.getMessage();
    }

    /** The other file that offers this version of this flow, if any. */
    private String holder(String flowId, int version, FileState except) {
        for (Map.Entry<String, FileState> file : files.entrySet()) {
            FileState state = file.getValue();
            if (state != except && flowId.equals(state.flowId) && state.versions.containsKey(version)) {
                return file.getKey();
            }
        }
        return null;
    }

    private void withdraw(String name, FileState state, String why) {
        if (state.versions.isEmpty()) {
            return;
        }
        state.versions.values().forEach(offered -> offered.withdrawal().run());
        LOG.info("Flow file {}: withdrew flow '{}' versions {}: {}", directory.resolve(name), state.flowId,
                state.versions.keySet(), why);
        state.versions.clear();
        state.flowId = null;
    }

    /** Withdraws everything (the component stops); logs nothing. */
    synchronized void withdrawAll() {
        files.values().forEach(state -> state.versions.values().forEach(offered -> offered.withdrawal().run()));
        files.clear();
    }

    /** Every flow offered, by id, with its versions and file. */
    synchronized List<FlowFilesReport.Flow> loaded() {
        List<FlowFilesReport.Flow> loaded = new ArrayList<>();
        files.forEach((name, state) -> {
            if (!state.versions.isEmpty()) {
                loaded.add(new FlowFilesReport.Flow(state.flowId, List.copyOf(state.versions.keySet()), name));
            }
        });
        loaded.sort(Comparator.comparing(FlowFilesReport.Flow::id).thenComparing(FlowFilesReport.Flow::file));
        return loaded;
    }

    /** The error of each file that did not load, by file name. */
    synchronized Map<String, String> errors() {
        Map<String, String> errors = new TreeMap<>();
        files.forEach((name, state) -> {
            if (state.error != null) {
                errors.put(name, state.error);
            }
        });
        return errors;
    }
}

package dev.steward.api.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The platform service that starts flow instances and looks them up. */
@ProviderType
public interface FlowService {

    /**
     * Starts the latest version of a flow definition. The instance is journalled before this
     * returns, so it survives a restart; its steps run asynchronously.
     *
     * @param definitionId the definition id
     * @param input the flow input
     * @return the new instance, usually PENDING or RUNNING
     * @throws IllegalArgumentException when no definition has that id
     */
    FlowInstance start(String definitionId, Map<String, Object> input);

    /**
     * Finds an instance by id.
     *
     * @param id the instance id
     * @return the instance, or empty when none has that id
     */
    Optional<FlowInstance> find(String id);

    /**
     * Lists instances, most recently updated first.
     *
     * @param filter the status to keep, or {@code null} for every status
     * @return the matching instances
     */
    List<FlowInstance> list(FlowStatus filter);

    /**
     * Lists the steps of a flow as journaled, in the order they finished.
     *
     * @param flowId the flow instance id
     * @return its journaled steps; empty when it has none or does not exist
     */
    List<StepRun> steps(String flowId);

    /**
     * Tells what a rollback of the flow would undo and what it cannot undo, without changing anything.
     *
     * @param flowId the flow instance id
     * @return the preview
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the flow's definition version is not available
     */
    RollbackPreview rollbackPreview(String flowId);
}

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
     * @throws InvalidFlowInputException when the input does not match the definition's input fields
     */
    FlowInstance start(String definitionId, Map<String, Object> input);

    /**
     * Starts the latest version of a flow definition once per start key: when a flow was already started with
     * {@code startKey}, that flow is returned and nothing new is started. The key is unique in the store, so
     * concurrent calls with one key, on one node or several, start one flow between them. An inbound connector
     * passes a key derived from the message it received (a delivery id, say), so a message delivered again, or
     * handled again after a crash between the start and its acknowledgement, starts no second flow.
     *
     * @param definitionId the definition id
     * @param input the flow input
     * @param startKey the start key, not blank; keys are compared exactly, so a connector prefixes its own id
     * @return the new instance, or the one the key already started (in whatever state it is now)
     * @throws IllegalArgumentException when the key is blank, or when no definition has that id and the key
     *     started no flow yet
     * @throws InvalidFlowInputException when the input does not match the definition's input fields and the
     *     key started no flow yet
     * @throws UnsupportedOperationException when this implementation cannot start flows by key
     * @since 1.4
     */
    default FlowInstance start(String definitionId, Map<String, Object> input, String startKey) {
        throw new UnsupportedOperationException("this flow service does not start flows by key");
    }

    /**
     * Lists the newest version of every known flow definition.
     *
     * @return the definitions, by id
     */
    List<FlowDefinition> definitions();

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

    /**
     * Stops a running or waiting flow: no further step starts, what a running step returns is discarded, and
     * the flow ends CANCELLED. Nothing is compensated; {@link #rollback} does that afterwards if wanted.
     *
     * @param flowId the flow instance id
     * @param actor who asks, for the audit trail
     * @return the flow as it is now
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the flow has already ended
     */
    FlowInstance cancel(String flowId, String actor);

    /**
     * Runs a FAILED flow again from its failed step: completed steps keep their recorded output, and the failed
     * step runs again with the same idempotency key and fresh attempts.
     *
     * @param flowId the flow instance id
     * @param actor who asks, for the audit trail
     * @return the flow as it is now (RUNNING)
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the flow is not FAILED or its definition version is not available
     */
    FlowInstance retry(String flowId, String actor);

    /**
     * Undoes an ended flow: runs the compensation of every completed step that has one, latest first, each
     * journaled and retried like a step. Steps without compensation are left as they are (see
     * {@link #rollbackPreview}). The flow is COMPENSATING while this runs, then COMPENSATED, or FAILED if a
     * compensation failed for good.
     *
     * @param flowId the flow instance id
     * @param actor who asks, for the audit trail
     * @return the flow as it is now
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the flow is still running or already compensated
     */
    FlowInstance rollback(String flowId, String actor);

    /**
     * Sends a named signal to a flow. It ends the flow's wait for that signal now, or, when the flow is not
     * waiting for it yet, is kept until it is. Sending the same signal again before it is used replaces it.
     *
     * @param flowId the flow instance id
     * @param name the signal name
     * @param payload what the waiting step outputs ({@code null} becomes empty)
     * @param actor who sends it, for the audit trail
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the flow has already ended
     */
    void signal(String flowId, String name, Map<String, Object> payload, String actor);

    /**
     * Lists what happened to a flow, oldest first.
     *
     * @param flowId the flow instance id
     * @return its audit events; empty when none or when the flow does not exist
     */
    List<AuditEvent> audit(String flowId);

    /**
     * Lists the steps held for the operator's decision by a policy, oldest first.
     *
     * @return the open escalations
     */
    List<Escalation> escalations();

    /**
     * Approves a held step: it runs on its proposed input with {@code edits} laid over it.
     *
     * @param flowId the flow instance id
     * @param stepId the held step
     * @param edits input fields to change ({@code null} or empty for none)
     * @param actor who decides, for the audit trail
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the step is not held for a decision (never held, or decided already)
     */
    void approve(String flowId, String stepId, Map<String, Object> edits, String actor);

    /**
     * Rejects a held step: it fails with the reason, and so does its flow.
     *
     * @param flowId the flow instance id
     * @param stepId the held step
     * @param reason why ({@code null} for none)
     * @param actor who decides, for the audit trail
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the step is not held for a decision (never held, or decided already)
     */
    void reject(String flowId, String stepId, String reason, String actor);

    /**
     * Rejects a held step and rolls its flow back: the step fails with the reason, and the flow's finished steps
     * are compensated as {@link #rollbackPreview} shows, in reverse order, the result audited.
     *
     * @param flowId the flow instance id
     * @param stepId the held step
     * @param reason why ({@code null} for none)
     * @param actor who decides, for the audit trail
     * @throws IllegalArgumentException when no such flow exists
     * @throws IllegalStateException when the step is not held for a decision (never held, or decided already)
     */
    void rejectAndRollBack(String flowId, String stepId, String reason, String actor);
}

package dev.steward.rest.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.steward.api.flow.AuditEvent;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;
import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;
import dev.steward.api.flow.InvalidFlowInputException;
import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;
import dev.steward.api.flow.StepStatus;

/** An in-memory FlowService: one definition "greet" (input field "name", a string, required). */
final class FakeFlows implements FlowService {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    final Map<String, FlowInstance> flows = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    RuntimeException failure;
    Map<String, Object> lastPayload;

    final FlowDefinition greet = new FlowDefinition("greet", 2, "says hello", List.of(
            new StepDefinition("hello", "say.hello", Map.of("name", "input.name"), List.of(),
                    new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), 2.0), Duration.ofSeconds(10), null)),
            List.of(new FlowInput("name", FlowInput.Type.STRING, true, "who")), false);

    FlowInstance add(String id, String definition, FlowStatus status) {
        FlowInstance flow = new FlowInstance(id, definition, 1, status, T0, T0.plusSeconds(1), Map.of());
        flows.put(id, flow);
        return flow;
    }

    @Override
    public FlowInstance start(String definitionId, Map<String, Object> input) {
        calls.add("start " + definitionId + " " + input);
        if (!definitionId.equals("greet")) {
            throw new IllegalArgumentException("no flow definition '" + definitionId + "'");
        }
        greet.checkInput(input);
        FlowInstance flow = new FlowInstance("f-" + (flows.size() + 1), "greet", 2, FlowStatus.RUNNING, T0, T0, input);
        flows.put(flow.id(), flow);
        return flow;
    }

    @Override
    public List<FlowDefinition> definitions() {
        return List.of(greet);
    }

    @Override
    public Optional<FlowInstance> find(String id) {
        return Optional.ofNullable(flows.get(id));
    }

    @Override
    public List<FlowInstance> list(FlowStatus filter) {
        return flows.values().stream().filter(f -> filter == null || f.status() == filter).toList();
    }

    @Override
    public List<StepRun> steps(String flowId) {
        return List.of(new StepRun("hello", StepStatus.SUCCEEDED, 1, flowId + ":hello", T0, T0.plusMillis(1500), null,
                Map.of("text", "hi")));
    }

    @Override
    public RollbackPreview rollbackPreview(String flowId) {
        existing(flowId);
        return new RollbackPreview(flowId, List.of(new RollbackPreview.Undo("pay", "payment.refund")), List.of("mail"),
                List.of(new RollbackPreview.EffectUndo(flowId + ":mail#1", "mail.send", "mail", "DELIVERED",
                        RollbackPreview.EffectAction.IRREVERSIBLE, "delivered, and connector mail cannot undo it")));
    }

    @Override
    public FlowInstance cancel(String flowId, String actor) {
        return act("cancel", flowId, actor);
    }

    @Override
    public FlowInstance retry(String flowId, String actor) {
        return act("retry", flowId, actor);
    }

    @Override
    public FlowInstance rollback(String flowId, String actor) {
        return act("rollback", flowId, actor);
    }

    @Override
    public void signal(String flowId, String name, Map<String, Object> payload, String actor) {
        act("signal " + name, flowId, actor);
        lastPayload = payload;
    }

    @Override
    public List<AuditEvent> audit(String flowId) {
        return List.of(new AuditEvent(flowId, T0, "CREATED", null, null, null));
    }

    @Override
    public List<dev.steward.api.flow.Escalation> escalations() {
        return List.of();
    }

    @Override
    public void approve(String flowId, String stepId, Map<String, Object> edits, String actor) {
        calls.add("approve " + flowId + " " + stepId + " by " + actor);
    }

    @Override
    public void reject(String flowId, String stepId, String reason, String actor) {
        calls.add("reject " + flowId + " " + stepId + " by " + actor);
    }

    @Override
    public void rejectAndRollBack(String flowId, String stepId, String reason, String actor) {
        calls.add("reject and roll back " + flowId + " " + stepId + " by " + actor);
    }

    private FlowInstance act(String what, String flowId, String actor) {
        calls.add(what + " " + flowId + " by " + actor);
        if (failure != null) {
            throw failure;
        }
        return existing(flowId);
    }

    private FlowInstance existing(String flowId) {
        FlowInstance flow = flows.get(flowId);
        if (flow == null) {
            throw new IllegalArgumentException("no flow '" + flowId + "'");
        }
        return flow;
    }

    static InvalidFlowInputException invalid() {
        return new InvalidFlowInputException("name", "is required");
    }
}

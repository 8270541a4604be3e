package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.steward.api.flow.Escalation;
import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.RollbackPreview;
import dev.steward.api.flow.RollbackPreview.EffectAction;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepRun;

/**
 * Builds the decision bundle of a held step from its journaled approval request and the flow so far: the
 * rationale of the steps it depends on, the cost so far and reserved, the choices, and a recommendation.
 */
final class Escalations {

    /** Below this confidence of the agents that proposed a step, rejecting it is recommended. */
    static final double UNSURE = 0.5;

    private Escalations() {
    }

    @SuppressWarnings("unchecked")
    static Escalation of(FlowJournal.Held held, FlowDefinition definition, List<StepRun> history, RollbackPreview undo) {
        Map<String, Object> request = Json.read(held.step().get("approvalRequest"));
        Map<String, Object> input = request.get("input") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        String stepId = (String) held.step().get("stepId");
        List<String> upstream = definition == null ? List.of()
                : definition.step(stepId).map(StepDefinition::dependsOn).orElse(List.of());
        List<StepRun> proposers = history.stream().filter(r -> upstream.contains(r.stepId())).toList();
        String rationale = proposers.stream().filter(r -> !r.rationale().isBlank())
                .map(r -> r.stepId() + " (" + r.agent() + "): " + r.rationale()).collect(Collectors.joining("\n"));
        BigDecimal spent = history.stream().map(StepRun::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        Object estimate = request.get("estimatedCostUsd");
        BigDecimal reserved = estimate == null ? BigDecimal.ZERO : new BigDecimal(estimate.toString());
        List<String> choices = new ArrayList<>(List.of("approve", "approve with edits", "reject"));
        if (!undo.undo().isEmpty() || undo.effects().stream().anyMatch(e -> e.action() != EffectAction.IRREVERSIBLE)) {
            choices.add("reject and roll back");
        }
        Object onExpiry = request.get("onExpiry");
        return new Escalation(held.flow().id(), held.flow().definitionId(), held.flow().definitionVersion(), stepId,
                (String) request.get("capability"), input, (String) request.get("reasons"),
                Instant.parse((String) held.step().get("startedAt")), Instant.parse((String) held.step().get("deadline")),
                history, undo, rationale, spent, reserved, choices, recommend(proposers),
                onExpiry == null ? "reject" : onExpiry.toString());
    }

    /**
     * Recommends rejecting what an unsure agent proposed (lowest stated confidence below {@link #UNSURE}), and
     * otherwise approving after a look at the input; the reasons of the hold are the operator's to weigh.
     */
    static String recommend(List<StepRun> proposers) {
        Double lowest = proposers.stream().map(StepRun::confidence).filter(c -> c != null).min(Double::compare).orElse(null);
        if (lowest != null && lowest < UNSURE) {
            return "reject: the agent that proposed it was unsure (confidence " + lowest + ")";
        }
        return lowest == null ? "approve: check the proposed input against the reasons of the hold"
                : "approve: the agent that proposed it was confident (" + lowest + "); check the proposed input";
    }
}

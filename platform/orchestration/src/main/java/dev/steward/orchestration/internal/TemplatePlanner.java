package dev.steward.orchestration.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.InvalidFlowInputException;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.model.Embedding;
import dev.steward.api.model.EmbeddingRequest;
import dev.steward.api.model.EmbeddingResponse;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.PlanProblem;
import dev.steward.api.plan.PlanStep;
import dev.steward.spi.model.ModelBackend;

/**
 * Chooses among the operator's flow definitions the one whose description is most like the goal, by the cosine
 * similarity of their embeddings (the local embedding model), if it reaches the configured least score; the goal's
 * context becomes the flow's input, checked against the fields the definition declares. Descriptions' embeddings are
 * kept per definition version and model.
 */
final class TemplatePlanner {

    private final PlanValidator validator;
    private final Map<String, Embedding> described = new ConcurrentHashMap<>();

    TemplatePlanner(PlanValidator validator) {
        this.validator = validator;
    }

    Draft plan(Goal goal, Map<String, Object> flowInput, List<FlowDefinition> definitions, ModelBackend embeddings,
            AgentCatalog catalog, double minScore) {
        List<FlowDefinition> templates = definitions.stream()
                .filter(d -> !d.id().startsWith(PlanRunner.PREFIX) && !d.description().isBlank()).toList();
        if (templates.isEmpty()) {
            return Draft.failed("template", new PlanProblem(null, "goal", "no flow definition with a description "
                    + "to compare the goal with (write 'description' in the flow files of etc/steward/flows)"));
        }
        if (embeddings == null) {
            return Draft.failed("template", new PlanProblem(null, "goal", "no embedding model is available to "
                    + "compare the goal with the flow templates (the local model host, etc/dev.steward.model.cfg)"));
        }
        FlowDefinition best = null;
        double bestScore = -2;
        try {
            Embedding wanted = embed(embeddings, List.of(goal.text())).get(0);
            List<Embedding> vectors = descriptions(embeddings, templates);
            for (int i = 0; i < templates.size(); i++) {
                double score = cosine(wanted, vectors.get(i));
                if (score > bestScore) {
                    bestScore = score;
                    best = templates.get(i);
                }
            }
        } catch (Exception e) {
            return Draft.failed("template", new PlanProblem(null, "goal", "the embedding model failed: " + e.getMessage()));
        }
        String source = "template " + best.id() + " v" + best.version() + ", similarity " + score(bestScore);
        if (bestScore < minScore) {
            return Draft.failed(source, new PlanProblem(null, "goal", "no flow template is similar enough to the goal: "
                    + "the best, '" + best.id() + "', scored " + score(bestScore) + ", below template.min.score "
                    + score(minScore)));
        }
        List<PlanStep> steps = best.steps().stream().map(TemplatePlanner::step).toList();
        List<PlanProblem> problems = new ArrayList<>();
        try {
            best.checkInput(flowInput);
        } catch (InvalidFlowInputException e) {
            problems.add(new PlanProblem(null, "context." + e.field(), "template '" + best.id() + "': " + e.getMessage()));
        }
        problems.addAll(validator.check(steps, flowInput, catalog, false));
        return new Draft(steps, "The goal is most like the flow '" + best.id() + "': " + best.description(), source,
                best.id(), problems);
    }

    private static PlanStep step(StepDefinition s) {
        return new PlanStep(s.id(), s.capability(), s.dependsOn(), s.inputMapping(), List.of());
    }

    private List<Embedding> descriptions(ModelBackend embeddings, List<FlowDefinition> templates) throws Exception {
        String model = embeddings.descriptor().id();
        List<String> missing = new ArrayList<>();
        for (FlowDefinition t : templates) {
            if (!described.containsKey(key(model, t))) {
                missing.add(t.description());
            }
        }
        if (!missing.isEmpty()) {
            List<Embedding> made = embed(embeddings, missing);
            int i = 0;
            for (FlowDefinition t : templates) {
                if (!described.containsKey(key(model, t))) {
                    described.put(key(model, t), made.get(i++));
                }
            }
        }
        return templates.stream().map(t -> described.get(key(model, t))).toList();
    }

    private static String key(String model, FlowDefinition t) {
        return model + "|" + t.id() + "@" + t.version() + "|" + t.description().hashCode();
    }

    private static List<Embedding> embed(ModelBackend embeddings, List<String> texts) throws Exception {
        EmbeddingResponse response = embeddings.embed(new EmbeddingRequest(texts, null));
        if (response.vectors().size() != texts.size()) {
            throw new IllegalStateException("asked for " + texts.size() + " embeddings, got " + response.vectors().size());
        }
        return response.vectors();
    }

    static double cosine(Embedding a, Embedding b) {
        if (a.dimensions() != b.dimensions()) {
            throw new IllegalStateException("embeddings of " + a.dimensions() + " and " + b.dimensions() + " dimensions");
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.dimensions(); i++) {
            dot += a.get(i) * b.get(i);
            na += a.get(i) * a.get(i);
            nb += b.get(i) * b.get(i);
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static String score(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

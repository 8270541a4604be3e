package dev.steward.orchestration.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.model.ChatMessage;
import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.Models;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.PlanProblem;

/**
 * Asks a chat model for a plan through the router ({@link Models}, so every call is routed and journaled), with
 * the answer constrained by a JSON schema that lists the registered capabilities; checks it, and when it is not
 * valid sends the problems back for a bounded number of repair rounds before rejecting it with them. A call that no
 * backend answers is tried a bounded number of times. The call keys derive from the request (goal, context fields,
 * capabilities and schemas), so asking the same again is answered from the journal and paid once.
 */
final class ModelPlanner {

    static final String AGENT = "choreographer";
    static final String CAPABILITY = "plan.propose";
    private static final Logger LOG = LoggerFactory.getLogger(ModelPlanner.class);

    private static final String INSTRUCTIONS = """
            You are the choreographer of Steward, a platform that runs durable flows of agents. Turn the goal into a \
            plan: a directed acyclic graph of steps, each calling one of the listed capabilities.
            - id: a short step id (letters, digits, '-', '_', '.').
            - capability: one of the listed capabilities, exactly.
            - dependsOn: the ids of the steps that must finish before this one.
            - input: for each input field of the capability's input schema that the step gives, where its value \
            comes from: "input.<field>" reads the goal's context ("input.goal" is the goal's text), \
            "steps.<step id>.<field>" reads an output field of a step this step depends on. Give every required \
            field, and only fields the schemas declare, of the type they declare.
            - expectedOutput: the output fields of the step that later steps or the operator rely on.
            - rationale: one or two sentences on why these steps.
            Answer with the JSON object only.""";

    private final PlanValidator validator;
    private final PlannerSettings settings;

    ModelPlanner(PlanValidator validator, PlannerSettings settings) {
        this.validator = validator;
        this.settings = settings;
    }

    Draft plan(Goal goal, Map<String, Object> flowInput, AgentCatalog catalog, Models models) {
        List<String> capabilities = catalog.capabilities();
        if (capabilities.isEmpty()) {
            return Draft.failed("model", new PlanProblem(null, "capability", "no agent is registered: there is "
                    + "no capability to plan with"));
        }
        String schema = ModelAnswer.schema(capabilities);
        String question = question(goal, catalog);
        String requestId = "plan-request-" + digest(INSTRUCTIONS + "\n" + question + "\n" + schema);
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system(INSTRUCTIONS), ChatMessage.user(question)));
        List<PlanProblem> problems = List.of();
        String model = "model";
        for (int round = 0; round <= settings.repairRounds(); round++) {
            ChatResponse answer;
            try {
                answer = ask(models, new ModelCallKey(requestId, "propose", AGENT, CAPABILITY, "round-" + round),
                        new ChatRequest(messages, settings.tier(), schema, settings.modelTimeout(), false));
            } catch (ModelCallException e) {
                return Draft.failed("model, calls " + requestId, new PlanProblem(null, "model", "the model gave no answer in "
                        + settings.modelAttempts() + " attempt(s): " + e.getMessage()));
            }
            model = answer.model();
            ModelAnswer read = ModelAnswer.parse(answer.content());
            problems = read.problems().isEmpty() ? validator.check(read.steps(), flowInput, catalog, true) : read.problems();
            String source = "model " + model + ", " + round + " repair round(s), calls " + requestId;
            if (problems.isEmpty()) {
                return new Draft(read.steps(), read.rationale(), source, null, List.of());
            }
            LOG.info("Plan {} round {}: {} problem(s)", requestId, round, problems.size());
            if (round == settings.repairRounds()) {
                return new Draft(read.steps(), read.rationale(), source, null, problems);
            }
            messages.add(ChatMessage.assistant(answer.content(), null));
            messages.add(ChatMessage.user(repair(problems)));
        }
        throw new IllegalStateException("unreachable");
    }

    private ChatResponse ask(Models models, ModelCallKey key, ChatRequest request) throws ModelCallException {
        ModelCallException last = null;
        for (int attempt = 1; attempt <= settings.modelAttempts(); attempt++) {
            try {
                return models.chat(key, request);
            } catch (ModelCallException e) {
                last = e;
                LOG.warn("Plan call {} attempt {} of {} failed: {}", key.value(), attempt, settings.modelAttempts(),
                        e.getMessage());
            }
        }
        throw last;
    }

    /** The goal, the context's fields and types (not their values), and each capability with its schemas. */
    static String question(Goal goal, AgentCatalog catalog) {
        StringBuilder q = new StringBuilder("Goal: ").append(goal.text()).append("\n\nContext fields (input.<name>):\n");
        q.append("- goal: string (the goal's text)\n");
        new TreeMap<>(goal.context()).forEach((name, value) -> q.append("- ").append(name).append(": ")
                .append(SchemaView.typeOf(value)).append('\n'));
        q.append("\nCapabilities:\n");
        for (String capability : catalog.capabilities()) {
            AgentDescriptor agent = catalog.serving(capability).orElseThrow();
            q.append("- ").append(capability).append(" (agent ").append(agent.id()).append(")\n  input schema: ")
                    .append(agent.inputSchema().strip()).append("\n  output schema: ")
                    .append(agent.outputSchema().strip()).append('\n');
        }
        return q.toString();
    }

    static String repair(List<PlanProblem> problems) {
        return "That plan cannot run:\n" + problems.stream().map(p -> "- " + p.describe())
                .collect(Collectors.joining("\n")) + "\nAnswer with a corrected plan.";
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

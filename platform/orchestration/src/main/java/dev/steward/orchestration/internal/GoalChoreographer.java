package dev.steward.orchestration.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.flow.FlowService;
import dev.steward.api.model.Models;
import dev.steward.api.plan.Choreographer;
import dev.steward.api.plan.Goal;
import dev.steward.api.plan.Plan;
import dev.steward.api.plan.PlanProblem;
import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.GraphStore;

/**
 * The choreographer ({@link Choreographer}): makes a plan for a goal with the chat model when one is configured
 * ({@link ModelPlanner}), else from the operator's flow templates ({@link TemplatePlanner}), keeps it
 * ({@link PlanStore}), and starts the flow of a valid plan after checking it again against the agents registered
 * then ({@link PlanRunner}).
 */
@Component(service = Choreographer.class, configurationPid = PlannerSettings.PID)
@Designate(ocd = OrchestrationConfig.class)
public final class GoalChoreographer implements Choreographer {

    private static final Logger LOG = LoggerFactory.getLogger(GoalChoreographer.class);
    private static final int MAX_LIST = 1000;

    private final AgentRegistry agents;
    private final FlowService flows;
    private final PlannerSettings settings;
    private final PlanStore plans;
    private final PlanValidator validator = new PlanValidator();
    private final ModelPlanner modelPlanner;
    private final TemplatePlanner templatePlanner;
    private final PlanRunner runner;
    private final Clock clock;
    private final List<ModelBackend> chatBackends = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Models models;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(embeddings=true)")
    volatile ModelBackend embeddings;

    @Activate
    public GoalChoreographer(@Reference GraphStore store, @Reference AgentRegistry agents,
            @Reference FlowService flows, OrchestrationConfig config, BundleContext context) {
        this(store, agents, flows, PlannerSettings.from(config), new ServiceDefinitionOffer(context), Clock.systemUTC());
    }

    GoalChoreographer(GraphStore store, AgentRegistry agents, FlowService flows, PlannerSettings settings,
            DefinitionOffer offer, Clock clock) {
        this.agents = agents;
        this.flows = flows;
        this.settings = settings;
        this.plans = new PlanStore(store);
        this.modelPlanner = new ModelPlanner(validator, settings);
        this.templatePlanner = new TemplatePlanner(validator);
        this.runner = new PlanRunner(offer, settings.startWait());
        this.clock = clock;
    }

    /** The chat backends configured: with one, plans are asked of the model (planner = auto). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(chat=true)")
    void addChatBackend(ModelBackend backend) {
        chatBackends.add(backend);
    }

    void removeChatBackend(ModelBackend backend) {
        chatBackends.remove(backend);
    }

    @Override
    public Plan propose(Goal goal, String actor) {
        Map<String, Object> input = flowInput(goal);
        AgentCatalog catalog = new AgentCatalog(agents.agents());
        boolean byModel = settings.planner().equals("model")
                || settings.planner().equals("auto") && !chatBackends.isEmpty();
        Draft draft = byModel ? byModel(goal, input, catalog)
                : templatePlanner.plan(goal, input, flows.definitions(), embeddings, catalog, settings.minScore());
        String id = UUID.randomUUID().toString();
        Plan.Status status = draft.problems().isEmpty() ? Plan.Status.VALID : Plan.Status.REJECTED;
        Plan plan = new Plan(id, goal, draft.steps(), draft.rationale(), byModel ? Plan.Origin.MODEL : Plan.Origin.TEMPLATE,
                draft.source(), status, draft.problems(), draft.templateId(), null, clock.instant());
        plans.create(plan, actor);
        if (status == Plan.Status.REJECTED) {
            LOG.info("Plan {} for {} rejected ({}): {}", id, actor, draft.source(),
                    draft.problems().stream().map(PlanProblem::describe).toList());
        } else {
            LOG.info("Plan {} for {}: {} step(s) ({})", id, actor, draft.steps().size(), draft.source());
        }
        return plan;
    }

    private Draft byModel(Goal goal, Map<String, Object> input, AgentCatalog catalog) {
        Models router = models;
        if (router == null) {
            return Draft.failed("model", new PlanProblem(null, "model", "the model router is not available "
                    + "(bundle dev.steward.model is not running)"));
        }
        return modelPlanner.plan(goal, input, catalog, router);
    }

    @Override
    public Plan run(String planId, String actor) {
        Plan plan = plans.find(planId).orElseThrow(() -> new IllegalArgumentException("no plan '" + planId + "'"));
        if (plan.status() == Plan.Status.REJECTED) {
            throw new IllegalStateException("plan " + planId + " was rejected: "
                    + plan.problems().stream().map(PlanProblem::describe).toList());
        }
        if (plan.status() == Plan.Status.STARTED) {
            throw new IllegalStateException("plan " + planId + " was started already, as flow " + plan.flowId());
        }
        Map<String, Object> input = flowInput(plan.goal());
        // the agents may have changed since the plan was made
        List<PlanProblem> problems = validator.check(plan.steps(), input, new AgentCatalog(agents.agents()),
                plan.origin() == Plan.Origin.MODEL);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("plan " + planId + " no longer passes the checks: "
                    + problems.stream().map(PlanProblem::describe).toList());
        }
        if (!plans.claim(planId, actor)) {
            throw new IllegalStateException("plan " + planId + " is being started, or was started already");
        }
        Plan started;
        try {
            started = runner.start(plan, flows, input);
        } catch (InterruptedException e) {
            plans.release(planId);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting plan " + planId, e);
        } catch (RuntimeException e) {
            plans.release(planId);
            throw e;
        }
        plans.started(started, actor);
        LOG.info("Plan {} started by {} as flow {} ({})", planId, actor, started.flowId(), started.flowDefinitionId());
        return started;
    }

    @Override
    public Optional<Plan> find(String planId) {
        return plans.find(planId);
    }

    @Override
    public List<Plan> plans(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return plans.newest(Math.min(limit, MAX_LIST));
    }

    /** The flow input of a goal: its context, and its text as {@value Goal#TEXT_FIELD}. */
    static Map<String, Object> flowInput(Goal goal) {
        Map<String, Object> input = new LinkedHashMap<>(goal.context());
        input.put(Goal.TEXT_FIELD, goal.text());
        return input;
    }
}

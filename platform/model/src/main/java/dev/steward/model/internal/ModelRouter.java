package dev.steward.model.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.model.ChatRequest;
import dev.steward.api.model.ChatResponse;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.ModelCallKey;
import dev.steward.api.model.ModelCallRecord;
import dev.steward.api.model.ModelTier;
import dev.steward.api.model.Models;
import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.GraphStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Routes model calls (see {@link Models}): the tier from {@code etc/dev.steward.model.routing.cfg} or the request,
 * the chat backends serving it in the configured order (local ones only for sensitive requests), each given the
 * call's timeout, which the router enforces too. A backend that answers with garbage (not the JSON asked for, or,
 * with {@code answer.shape.check}, not its shape), with an error of its own (5xx) or with a rate limit whose wait is
 * short is asked again, up to {@code retry.max} times; any other failure, or the last one, moves on to the next
 * backend. Answers and failures
 * are journaled and counted ({@link ModelMeters}); a key already answered is answered from the journal without a
 * call.
 */
@Component(service = Models.class, configurationPid = RoutingSettings.PID)
public final class ModelRouter implements Models {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

    private final ModelCallJournal journal;
    private final ModelMeters meters = new ModelMeters();
    private final List<ModelBackend> backends = new CopyOnWriteArrayList<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "steward-model-call");
        t.setDaemon(true);
        return t;
    });
    private volatile RoutingSettings settings;

    /**
     * Creates the router on the platform's store.
     *
     * @param store the graph store, where calls are journaled
     * @param properties the routing settings
     */
    @Activate
    public ModelRouter(@Reference GraphStore store, Map<String, Object> properties) {
        this(store, RoutingSettings.from(properties), Clock.systemUTC());
    }

    ModelRouter(GraphStore store, RoutingSettings settings, Clock clock) {
        this.journal = new ModelCallJournal(store, clock);
        this.settings = settings;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        settings = RoutingSettings.from(properties);
    }

    @Deactivate
    void deactivate() {
        calls.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(chat=true)")
    /**
     * Adds a chat backend (public for the tests of the agents that call models).
     *
     * @param backend the backend
     */
    public void addBackend(ModelBackend backend) {
        backends.add(backend);
    }

    void removeBackend(ModelBackend backend) {
        backends.remove(backend);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addMeterRegistry(MeterRegistry registry) {
        meters.bind(registry);
    }

    void removeMeterRegistry(MeterRegistry registry) {
        meters.unbind(registry);
    }

    @Override
    public ChatResponse chat(ModelCallKey key, ChatRequest request) throws ModelCallException {
        Optional<ChatResponse> paid = journal.reuse(key);
        if (paid.isPresent()) {
            LOG.debug("Model call {} answered from the journal", key.value());
            meters.reused(request.tier());
            return paid.get();
        }
        RoutingSettings s = settings;
        ModelTier tier = s.tierFor(key, request.tier());
        ChatRequest routed = new ChatRequest(request.messages(), tier, request.jsonSchema(),
                min(request.timeout(), s.maxTimeout()), request.containsSensitive(), request.tools());
        List<ModelBackend> candidates = candidates(s, tier, request.containsSensitive());
        List<String> failures = new ArrayList<>();
        boolean allTransient = true;
        for (ModelBackend backend : candidates) {
            String id = backend.descriptor().id();
            try {
                ChatResponse answer = call(backend, routed, s, key, tier);
                journal.answered(key, tier, id, answer, failures);
                meters.answered(id, tier, answer);
                return answer;
            } catch (Attempts a) {
                allTransient &= a.last.transientFailure();
                failures.add(id + ": " + a.last.kind() + " " + a.last.getMessage()
                        + (a.count > 1 ? " (" + a.count + " attempts)" : ""));
            } catch (Exception e) {
                allTransient = false;
                failures.add(id + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
                meters.failed(id, tier, "other");
            }
            LOG.warn("Model call {} ({}): backend {} failed, {}", key.value(), tier, id, failures.get(failures.size() - 1));
        }
        if (candidates.isEmpty()) {
            failures.add("no chat backend serves the " + tier.name().toLowerCase(Locale.ROOT) + " tier"
                    + (request.containsSensitive() ? " locally (the request is sensitive)" : ""));
            allTransient = false;
        }
        journal.failed(key, tier, failures);
        meters.unanswered(tier);
        throw new ModelCallException("No model answered call " + key.value() + ": " + String.join("; ", failures),
                failures, allTransient);
    }

    @Override
    public List<ModelCallRecord> calls(String flowInstanceId) {
        return journal.calls(flowInstanceId);
    }

    /** The backends serving the tier, the configured ones first in their order, then the others by id. */
    private List<ModelBackend> candidates(RoutingSettings s, ModelTier tier, boolean sensitive) {
        Comparator<ModelBackend> order = Comparator.comparingInt((ModelBackend b) -> {
            int i = s.order().indexOf(b.descriptor().id());
            return i < 0 ? Integer.MAX_VALUE : i;
        }).thenComparing(b -> b.descriptor().id());
        return backends.stream().filter(b -> b.descriptor().tiers().contains(tier))
                .filter(b -> !sensitive || b.descriptor().local()).sorted(order).toList();
    }

    /** A backend's last failure after this many attempts. */
    private static final class Attempts extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ModelFailure last;
        private final int count;

        Attempts(ModelFailure last, int count) {
            super(last.getMessage(), last, false, false);
            this.last = last;
            this.count = count;
        }
    }

    /**
     * One backend's answer within the call's timeout. Garbage, a 5xx and a rate limit are tried again, up to
     * {@code retry.max} times, after the backoff or the short wait the rate limit asked for; a timeout, a refusal,
     * or a rate limit asking to wait longer than {@code retry.after.max.ms}, is not.
     */
    private ChatResponse call(ModelBackend backend, ChatRequest request, RoutingSettings s, ModelCallKey key,
            ModelTier tier) throws Exception {
        String id = backend.descriptor().id();
        for (int attempt = 1;; attempt++) {
            try {
                ChatResponse answer = within(backend, request);
                if (s.checkShape()) {
                    checkShape(id, request, answer);
                }
                return answer;
            } catch (ModelFailure f) {
                meters.failed(id, tier, f.kind().name());
                Duration wait = f.kind() == ModelFailure.Kind.RATE_LIMITED
                        ? f.retryAfter().orElse(s.retryBackoff()) : s.retryBackoff();
                boolean again = switch (f.kind()) {
                    case MALFORMED, UNAVAILABLE -> true;
                    case RATE_LIMITED -> wait.compareTo(s.maxRetryAfter()) <= 0;
                    default -> false;
                };
                // a short rate limit is always waited for once, as before retry.max existed
                int bound = f.kind() == ModelFailure.Kind.RATE_LIMITED ? Math.max(1, s.retries()) : s.retries();
                if (!again || attempt > bound) {
                    throw new Attempts(f, attempt);
                }
                LOG.info("Model call {}: backend {} answered {} ({}), asking again in {} ms", key.value(), id, f.kind(),
                        f.getMessage(), wait.toMillis());
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** A JSON answer that does not have the shape of the schema asked for is garbage ({@link AnswerShape}). */
    private static void checkShape(String backend, ChatRequest request, ChatResponse answer) throws ModelFailure {
        if (request.jsonSchema() == null || !answer.toolCalls().isEmpty()) {
            return;
        }
        try {
            Optional<String> problem = AnswerShape.problem(OpenAiTransport.JSON.readTree(request.jsonSchema()),
                    OpenAiTransport.JSON.readTree(answer.content()));
            if (problem.isPresent()) {
                throw new ModelFailure(ModelFailure.Kind.MALFORMED, backend + " answered JSON that does not match the"
                        + " JSON Schema asked for: " + problem.get());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFailure(ModelFailure.Kind.MALFORMED, backend + " answered something that is not JSON where"
                    + " JSON was asked for");
        }
    }

        private ChatResponse within(ModelBackend backend, ChatRequest request) throws Exception {
        Future<ChatResponse> answer = calls.submit(() -> backend.chat(request));
        try {
            return answer.get(request.timeout().toMillis() + 250, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new ModelFailure(ModelFailure.Kind.TIMEOUT, "no answer within " + request.timeout().toMillis()
                    + " ms", null, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

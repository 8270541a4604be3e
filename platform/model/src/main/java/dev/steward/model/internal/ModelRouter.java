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

/**
 * Routes model calls (see {@link Models}): the tier from {@code etc/dev.steward.model.routing.cfg} or the request,
 * the chat backends serving it in the configured order (local ones only for sensitive requests), each given the
 * call's timeout, which the router enforces too; a rate-limited backend is waited for once when it asks for a short
 * wait, any failure moves on to the next backend. Answers and failures are journaled; a key already answered is
 * answered from the journal without a call.
 */
@Component(service = Models.class, configurationPid = RoutingSettings.PID)
public final class ModelRouter implements Models {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRouter.class);

    private final ModelCallJournal journal;
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
    void addBackend(ModelBackend backend) {
        backends.add(backend);
    }

    void removeBackend(ModelBackend backend) {
        backends.remove(backend);
    }

    @Override
    public ChatResponse chat(ModelCallKey key, ChatRequest request) throws ModelCallException {
        Optional<ChatResponse> paid = journal.reuse(key);
        if (paid.isPresent()) {
            LOG.debug("Model call {} answered from the journal", key.value());
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
                ChatResponse answer = call(backend, routed, s);
                journal.answered(key, tier, id, answer, failures);
                return answer;
            } catch (ModelFailure f) {
                allTransient &= f.transientFailure();
                failures.add(id + ": " + f.kind() + " " + f.getMessage());
            } catch (Exception e) {
                allTransient = false;
                failures.add(id + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
            LOG.warn("Model call {} ({}): backend {} failed, {}", key.value(), tier, id, failures.get(failures.size() - 1));
        }
        if (candidates.isEmpty()) {
            failures.add("no chat backend serves the " + tier.name().toLowerCase(Locale.ROOT) + " tier"
                    + (request.containsSensitive() ? " locally (the request is sensitive)" : ""));
            allTransient = false;
        }
        journal.failed(key, tier, failures);
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

    /** One backend's answer within the call's timeout; a short rate-limit wait is honoured once. */
    private ChatResponse call(ModelBackend backend, ChatRequest request, RoutingSettings s) throws Exception {
        try {
            return within(backend, request);
        } catch (ModelFailure f) {
            Duration wait = f.retryAfter().orElse(null);
            if (f.kind() != ModelFailure.Kind.RATE_LIMITED || wait == null || wait.compareTo(s.maxRetryAfter()) > 0) {
                throw f;
            }
            Thread.sleep(wait.toMillis());
            return within(backend, request);
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

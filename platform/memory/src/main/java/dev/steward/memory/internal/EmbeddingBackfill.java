package dev.steward.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.model.ModelBackend;
import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * Embeds the episodes written while no embedding backend answered ({@code embedPending}), and re-embeds those whose
 * vectors another model made ({@code embeddingModel}), in batches, on a schedule, so that search by meaning catches
 * up after the model host starts, an outage ends or the model is changed.
 */
@Component(service = EmbeddingBackfill.class, immediate = true, configurationPid = "dev.steward.memory.embeddings")
@Designate(ocd = EmbeddingBackfill.Config.class)
public final class EmbeddingBackfill {

    /** Settings, from {@code etc/dev.steward.memory.embeddings.cfg}. */
    @ObjectClassDefinition(name = "Steward memory embeddings", description = "Embeds episodes that wait for it")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between two backfill runs")
        long interval_seconds() default 30;

        @AttributeDefinition(description = "Episodes embedded in one request and written in one transaction")
        int batch() default 64;

        @AttributeDefinition(description = "Most batches in one run")
        int max_batches() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingBackfill.class);
    /** Waiting episodes; those marked sensitive only when the backend is local (they never go to a remote one). */
    private static final String PENDING = "MATCH (e:Episode) WHERE e.embedPending = true "
            + "AND ($local OR coalesce(toLower(e.`meta.sensitive`), '') <> 'true') "
            + "RETURN e.id AS id, e.text AS text LIMIT $batch";
    /** Episodes embedded by another model than the backend's; sensitive ones again only when the backend is local. */
    private static final String STALE = "MATCH (e:Episode) WHERE e.embeddingModel <> $model "
            + "AND ($local OR coalesce(toLower(e.`meta.sensitive`), '') <> 'true') "
            + "RETURN e.id AS id, e.text AS text LIMIT $batch";
    private static final String PROBE = "model?";
    private static final String WRITE = """
            UNWIND $rows AS row
            MATCH (e:Episode {id: row.id}) WHERE e.embedPending = true OR e.embeddingModel <> $model
            CALL db.create.setNodeVectorProperty(e, 'embedding', row.vector)
            SET e.embeddingModel = $model
            REMOVE e.embedPending
            RETURN count(e) AS n
            """;

    private final GraphStore store;
    private final Embedder embedder;
    private final int batch;
    private final int maxBatches;
    private final ScheduledExecutorService scheduler;
    /** The backend whose model every embedded episode already has ({@code null} until a run has checked). */
    private volatile String settled;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(embeddings=true)")
    private volatile ModelBackend embeddings;

    /**
     * Schedules the backfill.
     *
     * @param store the graph store
     * @param config the settings
     */
    @Activate
    public EmbeddingBackfill(@Reference GraphStore store, Config config) {
        this(store, config.batch(), config.max_batches(), null);
        if (config.interval_seconds() < 1) {
            throw new IllegalArgumentException("etc/dev.steward.memory.embeddings.cfg: interval.seconds must be at least 1");
        }
        scheduler.scheduleWithFixedDelay(this::runQuietly, config.interval_seconds(), config.interval_seconds(),
                TimeUnit.SECONDS);
    }

    /** A backfill run by hand (tests) with this backend. */
    EmbeddingBackfill(GraphStore store, int batch, int maxBatches, ModelBackend backend) {
        if (batch < 1 || batch > 2048 || maxBatches < 1) {
            throw new IllegalArgumentException("etc/dev.steward.memory.embeddings.cfg: batch must be 1 to 2048 and "
                    + "max.batches at least 1");
        }
        this.store = store;
        this.batch = batch;
        this.maxBatches = maxBatches;
        this.embeddings = backend;
        this.embedder = new Embedder(() -> embeddings);
        this.scheduler = backend == null
                ? Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "steward-memory-embeddings")) : null;
    }

    @Deactivate
    void deactivate() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private void runQuietly() {
        try {
            int n = run();
            if (n > 0) {
                LOG.info("Embedded {} episodes (waiting for a vector, or made by another model)", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Embedding backfill failed: {}", e.getMessage());
        }
    }

    /**
     * Embeds waiting episodes, then re-embeds those of another model, until none is left, the backend fails, or the
     * run's batches are used; returns how many episodes got a vector.
     */
    int run() {
        int done = 0;
        int batches = 0;
        String model = null;
        while (batches < maxBatches) {
            List<Map<String, Object>> pending = store.read(new Statement(PENDING,
                    Map.of("batch", batch, "local", embedder.local())));
            if (pending.isEmpty() || embeddings == null) {
                break;
            }
            Optional<Embedder.Vectors> vectors = embedder.embed(texts(pending));
            if (vectors.isEmpty()) {
                return done;
            }
            model = vectors.get().model();
            done += write(pending, vectors.get());
            batches++;
            if (pending.size() < batch) {
                break;
            }
        }
        return batches < maxBatches ? done + reembed(model, maxBatches - batches) : done;
    }

    /**
     * Re-embeds the episodes whose vectors were made by another model than the backend's (its vector space differs,
     * so search by meaning does not compare them). The backend's model is learnt from its answers, by a one-word probe
     * when no waiting episode told it. Once no such episode is left, nothing is looked for until the backend changes.
     */
    private int reembed(String known, int batchesLeft) {
        ModelBackend backend = embeddings;
        if (backend == null) {
            return 0;
        }
        String backendId = backend.descriptor().id();
        if (backendId.equals(settled)) {
            return 0;
        }
        settled = null;
        String model = known != null ? known : embedder.embed(PROBE).map(Embedder.Vector::model).orElse(null);
        int done = 0;
        for (int b = 0; model != null && b < batchesLeft; b++) {
            List<Map<String, Object>> stale = store.read(new Statement(STALE,
                    Map.of("batch", batch, "local", embedder.local(), "model", model)));
            if (stale.isEmpty()) {
                settled = backendId;
                return done;
            }
            Optional<Embedder.Vectors> vectors = embedder.embed(texts(stale));
            if (vectors.isEmpty() || !vectors.get().model().equals(model)) {
                return done; // failed, or the model changed meanwhile: next run
            }
            done += write(stale, vectors.get());
        }
        return done;
    }

    private static List<String> texts(List<Map<String, Object>> episodes) {
        return episodes.stream().map(r -> (String) r.get("text")).toList();
    }

    private int write(List<Map<String, Object>> episodes, Embedder.Vectors vectors) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < episodes.size(); i++) {
            rows.add(Map.of("id", episodes.get(i).get("id"), "vector", EpisodeLog.floats(vectors.values().get(i))));
        }
        List<Map<String, Object>> r = store.write(new Statement(WRITE, Map.of("rows", rows, "model", vectors.model())));
        return ((Number) r.get(0).get("n")).intValue();
    }
}

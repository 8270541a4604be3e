package dev.steward.fabric.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.camel.spi.IdempotentRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.store.GraphStore;

/**
 * Hands out durable idempotent repositories by name and purges expired keys on a schedule. It is registered
 * as {@code Function<String, IdempotentRepository>} with {@value #SERVICE_PROPERTY}={@value #SERVICE_VALUE}:
 * a connector bundle gets its repository with only JDK and Camel types, and Steward exports nothing new.
 */
@Component(service = Function.class, configurationPid = "dev.steward.fabric",
        property = IdempotentRepositories.SERVICE_PROPERTY + "=" + IdempotentRepositories.SERVICE_VALUE)
@Designate(ocd = FabricConfig.class)
public final class IdempotentRepositories implements Function<String, IdempotentRepository> {

    static final String SERVICE_PROPERTY = "steward.fabric";
    static final String SERVICE_VALUE = "idempotent-repositories";
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentRepositories.class);

    private final GraphStore store;
    private final Duration horizon;
    private final Clock clock;
    private final ExpiredKeys expiredKeys;
    private final ScheduledExecutorService purger;
    private final Map<String, Neo4jIdempotentRepository> byName = new ConcurrentHashMap<>();
    private final AtomicLong failedPurges = new AtomicLong();

    @Activate
    public IdempotentRepositories(@Reference GraphStore store, FabricConfig config) {
        this(store, Duration.ofDays(positive(config.idempotency_horizon_days(), "idempotency.horizon.days")),
                Duration.ofMinutes(positive(config.idempotency_purge_minutes(), "idempotency.purge.minutes")),
                Clock.systemUTC());
    }

    IdempotentRepositories(GraphStore store, Duration horizon, Duration purgeEvery, Clock clock) {
        this.store = store;
        this.horizon = horizon;
        this.clock = clock;
        this.expiredKeys = new ExpiredKeys(store);
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-fabric-idempotency-purge");
            t.setDaemon(true);
            return t;
        });
        long every = purgeEvery.toMillis();
        purger.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " in etc/dev.steward.fabric.cfg must be a positive number, was " + value);
        }
        return value;
    }

    /**
     * @param name the repository name (a connector's id); not blank, no {@code /}
     * @return the repository of that name; the same instance for the same name
     */
    @Override
    public IdempotentRepository apply(String name) {
        return byName.computeIfAbsent(Neo4jIdempotentRepository.validName(name),
                n -> new Neo4jIdempotentRepository(store, n, horizon, clock));
    }

    void purge() {
        try {
            long deleted = expiredKeys.purge(clock.millis());
            if (deleted > 0) {
                LOG.info("Purged {} expired idempotency key(s)", deleted);
            }
        } catch (RuntimeException e) {
            // the store may be down: the next run tries again
            LOG.warn("Purge of expired idempotency keys failed ({} so far): {}", failedPurges.incrementAndGet(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        purger.shutdownNow();
        try {
            purger.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

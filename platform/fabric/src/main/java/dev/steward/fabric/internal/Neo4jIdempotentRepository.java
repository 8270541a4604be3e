package dev.steward.fabric.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/**
 * A Camel idempotent repository kept in the graph store, so that it survives restarts and is shared by every
 * platform node on the same store: one {@code (:IdempotencyKey)} node per key, stored as
 * {@code <repository>/<key>} under the store's uniqueness constraint. A key older than the horizon counts
 * as absent; {@link ExpiredKeys} deletes such keys later.
 */
public final class Neo4jIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    /*
     * One statement decides atomically: MERGE on the unique key serialises concurrent creators; on a match
     * the SET takes the node's write lock before the expiry is read, so two callers cannot both renew an
     * expired key. `fresh` lives only inside the transaction.
     */
    private static final String ADD = """
            MERGE (k:IdempotencyKey {key: $key})
            ON CREATE SET k.fresh = true, k.repository = $repository, k.addedAt = $now,
                          k.expiresAt = $expiresAt, k.confirmed = false
            ON MATCH SET k.fresh = false
            WITH k, k.fresh OR k.expiresAt <= $now AS added
            REMOVE k.fresh
            FOREACH (_ IN CASE WHEN added THEN [1] ELSE [] END |
                SET k.repository = $repository, k.addedAt = $now, k.expiresAt = $expiresAt, k.confirmed = false)
            RETURN added""";
    private static final String CONTAINS = """
            MATCH (k:IdempotencyKey {key: $key}) WHERE k.expiresAt > $now
            RETURN count(k) > 0 AS found""";
    private static final String REMOVE = """
            MATCH (k:IdempotencyKey {key: $key})
            WITH k, k.expiresAt > $now AS found
            DELETE k
            RETURN found""";
    private static final String CONFIRM = """
            MATCH (k:IdempotencyKey {key: $key}) WHERE k.expiresAt > $now
            SET k.confirmed = true
            RETURN count(k) > 0 AS found""";
    private static final String CLEAR = """
            MATCH (k:IdempotencyKey {repository: $repository})
            WITH k LIMIT $batch
            DELETE k
            RETURN count(*) AS deleted""";

    private final GraphStore store;
    private final String name;
    private final Duration horizon;
    private final Clock clock;

    /**
     * @param store the platform's graph store
     * @param name the repository name, e.g. a connector's id; not blank, no {@code /}
     * @param horizon how long a key is remembered
     * @param clock the clock that dates keys
     */
    public Neo4jIdempotentRepository(GraphStore store, String name, Duration horizon, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = validName(name);
        if (horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("Idempotency horizon must be positive, was " + horizon);
        }
        this.horizon = horizon;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String validName(String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("Repository name must be non-blank and contain no '/', was '" + name + "'");
        }
        return name;
    }

    /** @return the repository name */
    public String name() {
        return name;
    }

    @Override
    public boolean add(String key) {
        long now = clock.millis();
        return flag(store.write(new Statement(ADD, Map.of("key", stored(key), "repository", name, "now", now,
                "expiresAt", now + horizon.toMillis()))), "added");
    }

    @Override
    public boolean contains(String key) {
        return flag(store.read(keyStatement(CONTAINS, key)), "found");
    }

    @Override
    public boolean remove(String key) {
        return flag(store.write(keyStatement(REMOVE, key)), "found");
    }

    @Override
    public boolean confirm(String key) {
        return flag(store.write(keyStatement(CONFIRM, key)), "found");
    }

    @Override
    public void clear() {
        Statement batch = new Statement(CLEAR, Map.of("repository", name, "batch", ExpiredKeys.BATCH));
        while (((Number) store.write(batch).get(0).get("deleted")).longValue() > 0) {
            // deleted in batches so that a large repository does not become one huge transaction
        }
    }

    private Statement keyStatement(String cypher, String key) {
        return new Statement(cypher, Map.of("key", stored(key), "now", clock.millis()));
    }

    private String stored(String key) {
        Objects.requireNonNull(key, "idempotency key");
        return name + "/" + key;
    }

    private static boolean flag(List<Map<String, Object>> rows, String column) {
        return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0).get(column));
    }

    @Override
    protected void doStart() {
        // stateless: every call goes to the store
    }

    @Override
    protected void doStop() {
        // nothing held
    }

    @Override
    public String toString() {
        return "Neo4jIdempotentRepository[" + name + "]";
    }
}

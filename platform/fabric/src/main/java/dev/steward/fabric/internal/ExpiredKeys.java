package dev.steward.fabric.internal;

import java.util.Map;

import dev.steward.spi.store.GraphStore;
import dev.steward.spi.store.Statement;

/** Deletes the idempotency keys of every repository whose horizon has passed. */
final class ExpiredKeys {

    static final int BATCH = 10_000;
    private static final String PURGE = """
            MATCH (k:IdempotencyKey) WHERE k.expiresAt <= $now
            WITH k LIMIT $batch
            DELETE k
            RETURN count(*) AS deleted""";

    private final GraphStore store;

    ExpiredKeys(GraphStore store) {
        this.store = store;
    }

    /**
     * @param nowMillis the current time, epoch milliseconds
     * @return how many keys were deleted
     */
    long purge(long nowMillis) {
        Statement batch = new Statement(PURGE, Map.of("now", nowMillis, "batch", BATCH));
        long total = 0;
        long deleted;
        do {
            deleted = ((Number) store.write(batch).get(0).get("deleted")).longValue();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}

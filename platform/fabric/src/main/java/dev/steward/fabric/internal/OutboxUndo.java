package dev.steward.fabric.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;
import dev.steward.api.flow.IdempotencyKey;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.spi.connector.OutboundConnector;

/**
 * Undoes the effects of rolled-back flows (see {@link OutboxUndoStore} for the statuses). The effect is handed to its
 * connector's {@code compensate} with the effect's own key and the receipt of its delivery; a connector whose
 * descriptor says it cannot compensate leaves the effect IRREVERSIBLE. A failure is tried again like a delivery (1 s,
 * doubling), and after the outbox's attempts the effect is COMPENSATION_FAILED, for the operator.
 */
final class OutboxUndo {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxUndo.class);
    private static final int BATCH = 100;
    private static final long NO_CONNECTOR_RETRY_MS = 5_000;

    private final OutboxUndoStore store;
    private final Function<String, OutboundConnector> connectors;
    private final Clock clock;
    private final int maxAttempts;
    private final IntToLongFunction backoff;
    private final long claimMs;
    private final Claims claims;

    OutboxUndo(OutboxUndoStore store, Function<String, OutboundConnector> connectors, Clock clock, int maxAttempts,
            IntToLongFunction backoff, long claimMs, Claims claims) {
        this.store = store;
        this.connectors = connectors;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.claimMs = claimMs;
        this.claims = claims;
    }

    /** A flow was rolled back: its undelivered effects are cancelled, its delivered ones are to be undone. */
    void rolledBack(String flowId) {
        Map<String, Long> moved = store.rolledBack(flowId, clock.millis());
        if (!moved.isEmpty()) {
            LOG.info("Flow {} was rolled back; its outbound effects now: {}", flowId, moved);
        }
    }

    /** At the first look: undoes claims a stopped run left, and rollbacks it did not hear of. */
    void recover(long startedAt) {
        long released = store.releaseStale(startedAt);
        if (released > 0) {
            LOG.info("{} outbound effect(s) were being undone when the platform stopped: undoing them again", released);
        }
        store.missedRollbacks().forEach(this::rolledBack);
    }

    /** Claims the effects due to be undone and hands each to a worker. */
    void undoDue() {
        long now = clock.millis();
        claims.handOut(store.due(now, BATCH), key -> store.claim(key, now, now + claimMs), this::undo);
    }

    private void undo(Map<String, Object> o) {
        String key = (String) o.get("key");
        String capability = (String) o.get("capability");
        int attempts = ((Number) o.get("undoAttempts")).intValue();
        long now = clock.millis();
        OutboundConnector connector = connectors.apply(capability);
        if (connector == null) {
            store.settle(key, "COMPENSATING", "waits for a connector that offers '" + capability + "' to undo it", now,
                    now + NO_CONNECTOR_RETRY_MS, false);
            return;
        }
        String id = connector.descriptor().id();
        if (!connector.descriptor().compensable()) {
            store.settle(key, "IRREVERSIBLE", "delivered, and connector " + id + " cannot undo it", now, now, true);
            LOG.info("Outbound effect {} of a rolled-back flow cannot be undone: connector {} does not compensate", key, id);
            return;
        }
        Object at = o.get("deliveredAt");
        EffectReceipt receipt = new EffectReceipt((String) o.get("externalId"),
                Instant.ofEpochMilli(at == null ? now : ((Number) at).longValue()), receiptDetails(o));
        Effect effect = new Effect(capability, Json.readObject((String) o.get("payload")), new IdempotencyKey(key));
        try {
            connector.compensate(effect, receipt);
            store.settle(key, "COMPENSATED", "", clock.millis(), clock.millis(), true);
            LOG.info("Outbound effect {} of a rolled-back flow was undone by connector {}", key, id);
        } catch (Exception e) {
            boolean permanent = e instanceof PermanentStepFailure || e instanceof IllegalArgumentException
                    || e instanceof UnsupportedOperationException;
            String reason = "undo: " + id + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (permanent || attempts >= maxAttempts) {
                store.settle(key, "COMPENSATION_FAILED", reason, clock.millis(), clock.millis(), true);
                LOG.warn("Outbound effect {} could not be undone after {} attempt(s): {}", key, attempts, e.getClass().getName());
            } else {
                store.settle(key, "COMPENSATING", reason, clock.millis(), clock.millis() + backoff.applyAsLong(attempts), true);
            }
        }
    }

    private static Map<String, Object> receiptDetails(Map<String, Object> o) {
        Object details = o.get("receipt");
        return details == null ? Map.of() : Json.readObject((String) details);
    }
}

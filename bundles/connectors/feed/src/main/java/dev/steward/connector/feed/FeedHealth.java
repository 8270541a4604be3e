package dev.steward.connector.feed;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.api.status.Health;

/**
 * What one feed's polls came to, for the platform status and the log. A failure is logged when it begins or
 * changes, and the recovery when it ends; the same failure on every later poll is logged at DEBUG only. Polls
 * of one feed run one after another (one timer thread); the status reads from any thread.
 */
final class FeedHealth {

    private static final Logger LOG = LoggerFactory.getLogger(FeedHealth.class);

    private final FeedSettings feed;
    private final Clock clock;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong held = new AtomicLong();
    private volatile Instant lastPoll;
    private volatile Instant lastSuccess;
    private volatile Instant lastErrorAt;
    private volatile String lastError = "";
    private volatile int items = -1;
    private volatile int failedPolls;
    /** The first item problem of the poll under way. */
    private volatile String itemProblem;

    FeedHealth(FeedSettings feed, Clock clock) {
        this.feed = feed;
        this.clock = clock;
    }

    void pollStarted() {
        itemProblem = null;
        lastPoll = clock.instant();
    }

    /** An item of this poll was not handled (not checked, or not kept by the inbox): the next poll tries it again. */
    void itemFailed(String reason, boolean storeNotReady) {
        if (itemProblem == null) {
            itemProblem = reason;
            failed("an item was not handled and is tried again on the next poll: " + reason, storeNotReady);
        }
    }

    /** The poll read the document; {@code read} is its number of items, -1 when the server said it was unchanged. */
    void polled(int read) {
        if (read >= 0) {
            items = read;
        }
        if (itemProblem != null) {
            return;
        }
        if (!lastError.isEmpty()) {
            LOG.info("Feed {} polled again after {} failed poll(s)", feed.name(), failedPolls);
        }
        lastSuccess = clock.instant();
        lastError = "";
        failedPolls = 0;
    }

    /** The poll read no items: the document did not come, was too large or was not a feed. */
    void failed(String reason, boolean storeNotReady) {
        lastErrorAt = clock.instant();
        failedPolls++;
        if (reason.equals(lastError)) {
            LOG.debug("Feed {}: poll failed again ({} in a row): {}", feed.name(), failedPolls, reason);
        } else if (storeNotReady) {
            LOG.info("Feed {}: the store is not available yet; next poll in {} s", feed.name(), feed.poll().toSeconds());
        } else {
            LOG.warn("Feed {} at {}: poll failed: {} (the same failure on later polls is not logged again)",
                    feed.name(), feed.where(), reason);
        }
        lastError = reason;
    }

    void flowStarted() {
        started.incrementAndGet();
    }

    void itemHeld() {
        held.incrementAndGet();
    }

    Health health() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("url", feed.where());
        details.put("flow", feed.flow());
        details.put("pollSeconds", Long.toString(feed.poll().toSeconds()));
        details.put("lastPoll", String.valueOf(lastPoll == null ? "never" : lastPoll));
        details.put("lastSuccess", String.valueOf(lastSuccess == null ? "never" : lastSuccess));
        details.put("itemsInDocument", items < 0 ? "n/a" : Integer.toString(items));
        details.put("flowsStarted", Long.toString(started.get()));
        details.put("itemsHeldInInbox", Long.toString(held.get()));
        String name = "connector feed " + feed.name();
        String error = lastError;
        if (!error.isEmpty()) {
            details.put("lastError", error);
            details.put("lastErrorAt", String.valueOf(lastErrorAt));
            details.put("failedPolls", Integer.toString(failedPolls));
            return Health.degraded(name, "last poll failed at " + lastErrorAt + ": " + error, details);
        }
        return Health.up(name, lastPoll == null ? "not polled yet" : "polled at " + lastSuccess, details);
    }

    /** The last failure's reason, empty after a successful poll (tests). */
    String lastError() {
        return lastError;
    }
}

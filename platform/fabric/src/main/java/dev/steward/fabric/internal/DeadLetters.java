package dev.steward.fabric.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.steward.spi.store.GraphStore;

/**
 * The exceptions inbox as seen by an operator: lists dead letters, replays them into the endpoint they came
 * from through the platform's CamelContext, or discards them.
 */
@Component(service = DeadLetters.class)
public final class DeadLetters {

    /** What a replay did. */
    enum Replay { REPLAYED, FAILED, NOT_OPEN }

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_LIST = 1000;

    private final DeadLetterStore letters;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Clock clock;

    /** A replay runs within one call; a letter REPLAYING longer than this was left so by a stop during its replay. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(10);

    private ScheduledExecutorService sweeper;

    @Activate
    public DeadLetters(@Reference GraphStore store, @Reference(target = "(camel.context.name=steward)") CamelContext camel) {
        this(new DeadLetterStore(store), camel, Clock.systemUTC());
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steward-dead-letters");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::releaseStuckQuietly, 30, 60, TimeUnit.SECONDS);
    }

    /**
     * Returns to OPEN, with the reason, the letters a replay left REPLAYING for longer than {@link #STUCK_AFTER}
     * (the platform stopped during the replay), so they can be replayed again. @return how many
     */
    long releaseStuck() {
        long n = letters.releaseStuck(clock.millis() - STUCK_AFTER.toMillis(),
                "replay interrupted: the platform stopped while it ran; replay it again");
        if (n > 0) {
            LOG.warn("{} dead letter(s) left REPLAYING by an interrupted replay are OPEN again", n);
        }
        return n;
    }

    private void releaseStuckQuietly() {
        try {
            releaseStuck();
        } catch (RuntimeException e) {
            LOG.debug("Stuck replays not checked now: {}", e.getMessage());
        }
    }

    DeadLetters(DeadLetterStore letters, CamelContext camel, Clock clock) {
        this.letters = letters;
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
        this.clock = clock;
    }

    /** The store it works on, for the {@link DeadLetterViews} service. */
    DeadLetterStore store() {
        return letters;
    }

    @Deactivate
    void deactivate() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        producer.stop();
    }

    /**
     * @param status only letters in this status; {@code null} for all
     * @param limit at most this many, 1 to {@value #MAX_LIST}
     * @return the letters, newest first
     */
    List<DeadLetter> list(DeadLetter.Status status, int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIST + ", was " + limit);
        }
        return letters.list(status, limit);
    }

    /** Sends an OPEN letter's payload and headers back to its endpoint; it becomes REPLAYED, or stays OPEN with the new reason. */
    Replay replay(String id) {
        if (!letters.transition(id, DeadLetter.Status.OPEN, DeadLetter.Status.REPLAYING)) {
            return Replay.NOT_OPEN;
        }
        DeadLetter letter = letters.find(id).orElseThrow();
        Exchange result;
        try {
            result = producer.send(endpoint(letter.endpoint()), exchange -> {
                exchange.setProperty(DeadLetterInbox.REPLAY_OF, id);
                exchange.getMessage().setHeaders(new HashMap<>(letter.headers()));
                exchange.getMessage().setBody(letter.payload());
            });
        } catch (RuntimeException e) {
            return failed(id, e);
        }
        Throwable failure = result.getException() != null ? result.getException()
                : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure != null) {
            // when the route's own dead-letter channel handled it, the inbox has already recorded the reason
            return failed(id, failure);
        }
        letters.replayed(id, clock.millis());
        LOG.info("Dead letter {} replayed into route {}", id, letter.route());
        return Replay.REPLAYED;
    }

    /** Replays every OPEN letter of a route, oldest first. @return how many were replayed successfully */
    int replayAll(String route) {
        int replayed = 0;
        for (String id : letters.openOfRoute(route)) {
            if (replay(id) == Replay.REPLAYED) {
                replayed++;
            }
        }
        return replayed;
    }

    /** @return whether the letter was OPEN and is now DISCARDED */
    boolean discard(String id) {
        return letters.discarded(id, clock.millis());
    }

    private Replay failed(String id, Throwable failure) {
        letters.failedAgain(id, DeadLetterInbox.reason(failure), failure.getClass().getName(), clock.millis());
        LOG.warn("Replay of dead letter {} failed: {}", id, failure.getClass().getName());
        return Replay.FAILED;
    }

    /** The stored URI has its passwords masked: find the live endpoint it names, else resolve it as stored. */
    private Endpoint endpoint(String stored) {
        return camel.getEndpoints().stream()
                .filter(e -> URISupport.sanitizeUri(e.getEndpointUri()).equals(stored))
                .findFirst()
                .or(() -> Optional.ofNullable(camel.getEndpoint(stored)))
                .orElseThrow(() -> new IllegalStateException("No endpoint " + stored + " in the platform's CamelContext"));
    }
}

package dev.steward.fabric.internal;

import java.time.Clock;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every dead-letter channel: stores the failed message, with the reason, in the exceptions inbox.
 * A message that fails again while being replayed updates its existing letter instead of adding a new one.
 */
final class DeadLetterInbox implements Processor {

    /** Exchange property a replay sets, so that a second failure is recorded on the same letter. */
    static final String REPLAY_OF = "StewardDeadLetterId";
    static final int PAYLOAD_MAX_CHARS = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterInbox.class);

    private final DeadLetterStore letters;
    private final Clock clock;

    DeadLetterInbox(DeadLetterStore letters, Clock clock) {
        this.letters = letters;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = reason(cause);
        String type = cause == null ? "" : cause.getClass().getName();
        String replayOf = exchange.getProperty(REPLAY_OF, String.class);
        if (replayOf != null) {
            letters.failedAgain(replayOf, reason, type, clock.millis());
            LOG.warn("Replay of dead letter {} failed again: {}", replayOf, type);
            return;
        }
        String body = exchange.getMessage().getBody(String.class);
        boolean truncated = body != null && body.length() > PAYLOAD_MAX_CHARS;
        DeadLetter letter = new DeadLetter(UUID.randomUUID().toString(), route(exchange), endpoint(exchange), reason, type,
                truncated ? body.substring(0, PAYLOAD_MAX_CHARS) : body, truncated,
                SafeHeaders.kept(exchange.getMessage().getHeaders()), clock.millis(), DeadLetter.Status.OPEN, null, 0);
        letters.save(letter);
        // the id and route only: bodies and reasons may carry personal data
        LOG.warn("Route {} gave up on a message: dead letter {} ({})", letter.route(), letter.id(), type);
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String route(Exchange exchange) {
        String failed = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        return failed != null ? failed : String.valueOf(exchange.getFromRouteId());
    }

    private static String endpoint(Exchange exchange) {
        return exchange.getFromEndpoint() == null ? "" : URISupport.sanitizeUri(exchange.getFromEndpoint().getEndpointUri());
    }
}

package dev.steward.connector.webhook;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.support.ExpressionAdapter;

/** Which failures are worth trying again: passing conditions, not refusals. */
final class Retries {

    private Retries() {
    }

    /** @return the predicate as the expression an error handler's {@code retryWhile} takes */
    static Expression whilst(Predicate retry) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return retry.matches(exchange);
            }
        };
    }

    /**
     * @return whether the failed exchange is redelivered: at most {@code max} redeliveries, and a failure
     *         that may pass (not a wrong input or definition, a 4xx refusal, or an open circuit breaker)
     */
    static boolean again(Exchange exchange, int max) {
        // Camel counts the redelivery it is about to make before it asks (1 for the first)
        Integer next = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (next != null && next > max) {
            return false;
        }
        Throwable cause = failureOf(exchange);
        return cause != null && passing(cause);
    }

    /** @return the exchange's failure, where the error handler keeps it while it decides */
    static Throwable failureOf(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** A failure that may pass: not a wrong argument, a refusal by the receiver, or an open breaker. */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof PostRefused || isOpenBreaker(t)) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /**
     * A failure of the connection or the receiver: a 5xx answer, an I/O error or a timeout. A connection that could
     * not be made may also reach us as the Netty producer's pool failing to hand out a live channel ("Unable to
     * validate object"), depending on when the refused connect completes.
     */
    static boolean transientDelivery(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PostRefused || isOpenBreaker(t)) {
                return false;
            }
            if (t instanceof PostUnavailable || t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof io.netty.handler.timeout.TimeoutException || t instanceof io.netty.channel.ChannelException
                    || t instanceof java.util.NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    static boolean isOpenBreaker(Throwable t) {
        return t.getClass().getName().equals("io.github.resilience4j.circuitbreaker.CallNotPermittedException");
    }
}

package dev.steward.connector.feed;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/** Which failed flow starts are tried again: those that may pass, not a wrong input or an unknown definition. */
final class Retries {

    private Retries() {
    }

    /** @return the error handler's {@code retryWhile}: at most {@code max} redeliveries, and only of a failure that may pass */
    static Expression upTo(int max) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                // Camel counts the redelivery it is about to make before it asks (1 for the first)
                Integer next = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
                if (next != null && next > max) {
                    return false;
                }
                Throwable failure = exchange.getException() != null ? exchange.getException()
                        : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
                return failure != null && passing(failure);
            }
        };
    }

    /** The kernel refuses an unknown definition or a wrong input with an IllegalArgumentException: that does not pass. */
    static boolean passing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return false;
            }
        }
        return true;
    }
}

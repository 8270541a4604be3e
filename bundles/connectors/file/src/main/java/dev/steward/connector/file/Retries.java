package dev.steward.connector.file;

import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.ExpressionAdapter;

/** Which failed flow starts are tried again: at most a number of times, and never a wrong input or definition. */
final class Retries {

    private Retries() {
    }

    /** @return the expression an error handler's {@code retryWhile} takes */
    static Expression atMost(int max) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return again(exchange, max);
            }
        };
    }

    static boolean again(Exchange exchange, int max) {
        // Camel counts the redelivery it is about to make before it asks (1 for the first)
        Integer next = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (next != null && next > max) {
            return false;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                // an unknown definition or an input the flow refuses: the same start fails the same way
                return false;
            }
        }
        return failure != null;
    }
}

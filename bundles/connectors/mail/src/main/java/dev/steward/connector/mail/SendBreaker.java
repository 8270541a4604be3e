package dev.steward.connector.mail;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.apache.camel.CamelContext;

import dev.steward.api.flow.PermanentStepFailure;

/**
 * The circuit breaker of one mailbox's SMTP sends (resilience4j, run by Camel's circuit breaker EIP in the send route):
 * it opens when half of the last {@value #WINDOW} sends failed, and lets one trial send through after {@link #OPEN}.
 * While it is open a send fails at once, and the outbox tries again later. A refusal (a 5xx reply, a refused login, an
 * invalid address) says the mail is wrong, not that the server is unwell, and does not count.
 */
final class SendBreaker {

    static final int WINDOW = 10;
    static final Duration OPEN = Duration.ofSeconds(30);

    private final String name;
    private final CircuitBreaker breaker;

    SendBreaker(String mailbox) {
        this.name = "steward-connector-mail-" + mailbox + "-breaker";
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .slidingWindowSize(WINDOW)
                .minimumNumberOfCalls(WINDOW)
                .waitDurationInOpenState(OPEN)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(t -> OutboundMail.classify(t, mailbox) instanceof PermanentStepFailure)
                .build());
    }

    /** @return the name the send route finds it by in the Camel registry */
    String name() {
        return name;
    }

    /** @return CLOSED, OPEN or HALF_OPEN */
    String state() {
        return breaker.getState().name();
    }

    void bind(CamelContext camel) {
        camel.getRegistry().bind(name, CircuitBreaker.class, breaker);
    }

    /** Unbinds it, which would otherwise keep this bundle's classes in the registry. */
    void unbind(CamelContext camel) {
        camel.getRegistry().unbind(name);
    }

    /** @return whether the failure is the breaker refusing the call */
    static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return true;
            }
        }
        return false;
    }
}

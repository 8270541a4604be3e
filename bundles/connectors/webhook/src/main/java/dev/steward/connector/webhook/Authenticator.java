package dev.steward.connector.webhook;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Decides whether a delivery comes from whom the hook trusts; every hook has one, so no hook is open. */
interface Authenticator {

    /**
     * @param body the raw body as received
     * @param headers the request's headers by name (case-insensitive), {@code null} when absent
     * @return why the delivery is refused (answered 401), or empty when it is authenticated
     */
    Optional<String> refusal(byte[] body, UnaryOperator<String> headers);

    /** @return how it authenticates, for the log (never a secret) */
    String describe();
}

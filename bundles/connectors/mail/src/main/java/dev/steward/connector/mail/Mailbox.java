package dev.steward.connector.mail;

import dev.steward.api.connector.Effect;
import dev.steward.api.connector.EffectReceipt;

/** One configured mailbox, as the {@code mail.send} connector finds it (a service inside this bundle only). */
public interface Mailbox {

    /** @return the mailbox's name, which an effect's payload field {@code mailbox} names */
    String name();

    /** @return whether the mailbox sends (its {@code from} is set) */
    boolean sends();

    /** @return the state of its sends' circuit breaker: CLOSED, OPEN or HALF_OPEN */
    String breaker();

    /**
     * Sends the effect's mail once per idempotency key.
     *
     * @param effect the {@code mail.send} effect
     * @return the receipt: the Message-ID derived from the key
     * @throws Exception a {@link dev.steward.api.flow.PermanentStepFailure} when sending again cannot help, any other
     *         when it may
     */
    EffectReceipt send(Effect effect) throws Exception;
}

package dev.steward.api.fabric;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The exceptions inbox: messages that routes gave up on, kept until an operator replays them into the endpoint
 * they came from or discards them. Only an {@code OPEN} letter can be replayed or discarded; a letter is sent
 * once however many callers replay it at the same time.
 */
@ProviderType
public interface ExceptionsInbox {

    /** The most letters {@link #list} returns. */
    int MAX_LIST = 1000;

    /**
     * Lists letters, newest failure first.
     *
     * @param status only letters in this status ({@code OPEN}, {@code REPLAYING}, {@code REPLAYED},
     *        {@code DISCARDED}); {@code null} for all
     * @param limit at most this many, 1 to {@link #MAX_LIST}
     * @return the letters
     * @throws IllegalArgumentException when the status or the limit is wrong
     */
    List<DeadLetterView> list(String status, int limit);

    /**
     * Finds one letter.
     *
     * @param id the letter's id
     * @return the letter, or empty when there is none with this id
     */
    Optional<DeadLetterView> find(String id);

    /**
     * Sends an {@code OPEN} letter's payload and headers back to its endpoint. It becomes {@code REPLAYED}, or
     * stays {@code OPEN} with the new reason and one more failed replay.
     *
     * @param id the letter's id
     * @return the letter after the replay
     * @throws IllegalArgumentException when there is no letter with this id
     * @throws IllegalStateException when the letter is not {@code OPEN}
     */
    DeadLetterView replay(String id);

    /**
     * Replays every {@code OPEN} letter of a route, oldest first.
     *
     * @param route the route id
     * @return how many were replayed successfully
     */
    int replayAll(String route);

    /**
     * Discards an {@code OPEN} letter: it stays in the inbox as {@code DISCARDED} and is never replayed.
     *
     * @param id the letter's id
     * @return the letter, now {@code DISCARDED}
     * @throws IllegalArgumentException when there is no letter with this id
     * @throws IllegalStateException when the letter is not {@code OPEN}
     */
    DeadLetterView discard(String id);
}

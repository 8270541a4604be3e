package dev.steward.api.fabric;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outbox: outbound effects that steps asked for, recorded with the step's result and delivered afterwards, each
 * with its own idempotency key on every attempt. Provided by the fabric.
 *
 * @since 1.1
 */
@ProviderType
public interface Outbox {

    /** The most entries one list returns. */
    int MAX_LIST = 1000;

    /**
     * Entries, newest first.
     *
     * @param status only entries with this status, or {@code null} for all
     * @param limit at most this many, 1 to {@link #MAX_LIST}
     * @return the entries
     */
    List<OutboxEntry> list(String status, int limit);

    /**
     * One entry.
     *
     * @param key its key
     * @return the entry, or empty when there is none
     */
    Optional<OutboxEntry> find(String key);

    /**
     * Delivers a {@code FAILED}, {@code DENIED} or {@code HELD} entry again (a held one: the operator releases it,
     * and policies are not asked again), with the same key.
     *
     * @param key its key
     * @param actor who asked, for the audit
     * @return the entry, now {@code PENDING}
     * @throws java.util.NoSuchElementException when there is no such entry
     * @throws IllegalStateException when it is in another status
     */
    OutboxEntry retry(String key, String actor);

    /**
     * Gives up a {@code PENDING}, {@code HELD} or {@code FAILED} entry: it is never delivered.
     *
     * @param key its key
     * @param actor who asked, for the audit
     * @return the entry, now {@code CANCELLED}
     * @throws java.util.NoSuchElementException when there is no such entry
     * @throws IllegalStateException when it is delivered already, or cancelled
     */
    OutboxEntry cancel(String key, String actor);
}

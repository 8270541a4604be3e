package dev.steward.api.memory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The session tier: the ordered turns of a session (a conversation, a client thread, a flow), with bounded
 * retention. Past the configured window, older turns are summarized and the summary kept with links to what it
 * covers; turns past the configured retention are deleted. Every method fails with {@link IllegalArgumentException}
 * naming what to change when its input is wrong, and writes nothing in that case.
 *
 * @since 2.0
 */
@ProviderType
public interface SessionHistory {

    /** The longest turn text accepted, in characters. */
    int MAX_TURN_TEXT = 20_000;

    /**
     * Appends a turn to a session, creating the session with its first turn. Writes pass the memory-write policies.
     *
     * @param sessionId the session, not blank
     * @param speaker who spoke, not blank
     * @param text what was said, at most {@link #MAX_TURN_TEXT} characters
     * @param occurredAt when it happened
     * @param metadata free labels ({@code null} for none)
     * @param provenance where it came from
     * @return the turn as stored, with its place in the session
     */
    Turn append(String sessionId, String speaker, String text, Instant occurredAt, Map<String, String> metadata,
            Provenance provenance);

    /**
     * A session's summaries and its most recent turns.
     *
     * @param sessionId the session
     * @param recentTurns the most recent turns to return, positive
     * @return the session, or empty when it has no turns and no summaries
     */
    Optional<SessionView> session(String sessionId, int recentTurns);

    /**
     * Runs the upkeep now: summarizes every session's turns beyond the live window and deletes turns past the
     * retention. The scheduler runs it too; both are audited.
     *
     * @param actor who asked for it
     * @return what the run did
     */
    SessionUpkeep upkeep(String actor);

    /**
     * Erases a session for good: its turns and summaries. Leaves an audit tombstone without content.
     *
     * @param sessionId the session
     * @param actor who asked for it
     * @return how many turns and summaries were erased
     */
    int forgetSession(String sessionId, String actor);
}

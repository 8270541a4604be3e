package dev.steward.store.internal;

import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

/** Turns driver failures into one sentence that tells the operator what is wrong and where to fix it. */
final class StoreProblem {

    static final String UNREACHABLE = "unreachable: ";

    private StoreProblem() {
    }

    static String describe(RuntimeException e, StoreSettings settings) {
        String uri = settings.effectiveUri();
        if (e instanceof AuthenticationException || isAuthRateLimit(e)) {
            return "authentication failed for user '" + settings.user() + "' at " + uri
                    + " (check password.ref in etc/" + StoreSettings.PID + ".cfg)";
        }
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException) {
            return UNREACHABLE + uri + " (" + firstLine(e.getMessage()) + ")";
        }
        if (e instanceof SecurityException) {
            return "security error talking to " + uri + ": " + firstLine(e.getMessage());
        }
        if (e instanceof ClientException) {
            return "store refused the request at " + uri + ": " + firstLine(e.getMessage());
        }
        if (e instanceof InvalidSettingsException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + " talking to " + uri + ": " + firstLine(e.getMessage());
    }

    static boolean isUnreachable(String problem) {
        return problem.startsWith(UNREACHABLE);
    }

    /** Neo4j answers repeated failed logins with a rate-limit error: to the operator it is the same problem. */
    private static boolean isAuthRateLimit(RuntimeException e) {
        return e instanceof SecurityException && e.getMessage() != null
                && e.getMessage().contains("incorrect authentication details");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

package dev.steward.rest.internal;

import java.util.Optional;
import java.util.Set;

import dev.steward.rest.internal.Router.Call;
import dev.steward.rest.internal.Router.Match;

/**
 * Serves one request: finds its endpoint (404, 405), checks the caller (401 without valid credentials, 403 without
 * the endpoint's role), runs it, and turns what it throws into an error answer.
 */
final class RestApi {

    static final String CHALLENGE = "Basic realm=\"steward\", charset=\"UTF-8\"";

    private final Router router;
    private final BasicAuthenticator authenticator;
    private final Errors errors;

    RestApi(Router router, BasicAuthenticator authenticator, Errors errors) {
        this.router = router;
        this.authenticator = authenticator;
        this.errors = errors;
    }

    ApiReply handle(ApiRequest request) {
        try {
            Optional<Match> match = router.match(request.method(), request.path());
            if (match.isEmpty()) {
                return notRouted(request);
            }
            Router.Route route = match.get().route();
            Caller caller = null;
            if (route.role() != Role.PUBLIC) {
                caller = authenticator.authenticate(request.authorization()).orElse(null);
                if (caller == null) {
                    return errors.reply(401, "authentication required", null).withHeader("WWW-Authenticate", CHALLENGE);
                }
                if (!caller.has(route.role())) {
                    return errors.reply(403, "role '" + route.role().principal() + "' required", null);
                }
            }
            return route.handler().handle(new Call(request, match.get().params(), caller));
        } catch (Exception e) {
            return errors.reply(e);
        }
    }

    /**
     * Whether the header authenticates someone with the role: asked before a large body is read, so that an
     * anonymous client cannot make the server read more than the ordinary limit.
     */
    boolean admits(String authorization, Role role) {
        try {
            return authenticator.authenticate(authorization).map(c -> c.has(role)).orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ApiReply notRouted(ApiRequest request) {
        Set<String> methods = router.methods(request.path());
        if (methods.isEmpty()) {
            return errors.reply(404, "no endpoint " + request.path(), null);
        }
        return errors.reply(405, request.method() + " is not allowed on " + request.path(), null)
                .withHeader("Allow", String.join(", ", methods));
    }
}

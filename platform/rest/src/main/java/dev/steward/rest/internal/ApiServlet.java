package dev.steward.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

import dev.steward.api.addon.AddonService;
import dev.steward.api.agent.AgentRegistry;
import dev.steward.api.fabric.ExceptionsInbox;
import dev.steward.api.fabric.Outbox;
import dev.steward.api.flow.FlowService;
import dev.steward.api.governance.OperatorMetrics;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Memory;
import dev.steward.api.memory.SessionHistory;
import dev.steward.api.plan.Choreographer;
import dev.steward.api.policy.Budgets;
import dev.steward.api.status.MetricsService;
import dev.steward.api.status.StatusService;

/**
 * The REST API's one servlet on the HTTP Whiteboard, under {@value #BASE}: adapts servlet requests to
 * {@link RestApi} and writes its answers. Flows, metrics, the exceptions inbox, the knowledge bank, the memory, the session history, the operator's metrics, the choreographer and the add-on catalog are optional
 * services, so that {@code /health} and {@code /status} keep answering while the bundle of any of them is down.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@HttpWhiteboardServletName("steward-rest")
@HttpWhiteboardServletPattern(ApiServlet.BASE + "/*")
public final class ApiServlet extends HttpServlet {

    static final String BASE = "/steward/api/v1";
    static final int MAX_BODY = 1 << 20;
    /** Bulk ingestion of episodes takes a larger body. */
    static final int MAX_BULK_BODY = 16 << 20;
    static final String BULK_PATH = "/memory/episodes/bulk";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FlowService flows;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AgentRegistry agents;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetricsService metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ExceptionsInbox inbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Outbox outbox;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile KnowledgeBank knowledge;

    /** The three memory tiers and the context bundle (the context endpoints answer 503 without it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Memory memory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SessionHistory sessions;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OperatorMetrics operator;

    /** Plans for goals (the plan endpoints answer 503 without it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Choreographer choreographer;

    /** The add-on catalog (the add-on endpoints answer 503 without it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AddonService addons;

    /** The budget policy's view of the budgets (the budget endpoint answers 503 without it). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Budgets budgets;

    private final transient RestApi api;
    private final transient Errors errors;

    @Activate
    public ApiServlet(@Reference(name = "status") StatusService status, RestConfig config) {
        if (config.login_cache_seconds() < 0) {
            throw new IllegalArgumentException("etc/" + RestConfig.PID + ".cfg: login.cache.seconds '"
                    + config.login_cache_seconds() + "' must be 0 (no cache) or more");
        }
        if (config.realm() == null || config.realm().isBlank()) {
            throw new IllegalArgumentException("etc/" + RestConfig.PID + ".cfg: realm must name a JAAS realm");
        }
        Json json = new Json();
        Router router = new Router();
        new PlatformResource(json, status, () -> metrics).addTo(router);
        new FlowResource(json, () -> flows, BASE).addTo(router);
        new AgentResource(json, () -> agents).addTo(router);
        new DeadLetterResource(json, () -> inbox).addTo(router);
        new OutboxResource(json, () -> outbox).addTo(router);
        new MemoryResource(json, () -> knowledge).addTo(router);
        new ContextResource(json, () -> memory).addTo(router);
        new SessionResource(json, () -> sessions, Clock.systemUTC()).addTo(router);
        new OperatorResource(json, () -> operator, Clock.systemUTC()).addTo(router);
        new PlanResource(json, () -> choreographer, BASE).addTo(router);
        new AddonResource(json, () -> addons).addTo(router);
        new BudgetResource(json, () -> budgets, Clock.systemUTC()).addTo(router);
        BasicAuthenticator authenticator = new BasicAuthenticator(new JaasRealm(config.realm()),
                Duration.ofSeconds(config.login_cache_seconds()), System::nanoTime);
        this.errors = new Errors(json);
        this.api = new RestApi(router, authenticator, errors);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiReply reply;
        // the larger bulk body only for an authenticated operator: anyone else is held to the ordinary limit
        int max = BULK_PATH.equals(request.getPathInfo()) && api.admits(request.getHeader("Authorization"), Role.OPERATOR)
                ? MAX_BULK_BODY : MAX_BODY;
        byte[] body = read(request.getInputStream(), max);
        if (body == null) {
            reply = errors.reply(413, "the request body is larger than " + max + " bytes", null);
        } else {
            try {
                reply = api.handle(new ApiRequest(request.getMethod().toUpperCase(Locale.ROOT), request.getPathInfo(),
                        ApiRequest.parseQuery(request.getQueryString()), request.getHeader("Authorization"), body));
            } catch (ApiError malformedQuery) {
                reply = errors.reply(malformedQuery);
            }
        }
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setHeader("Cache-Control", "no-store");
        reply.headers().forEach(response::setHeader);
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Reads the body, or returns {@code null} when it is larger than {@code max}. */
    private static byte[] read(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }
}

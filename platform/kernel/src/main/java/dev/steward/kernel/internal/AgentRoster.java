package dev.steward.kernel.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.steward.api.agent.AgentDecision;
import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentStatus;
import dev.steward.spi.agent.Agent;

/**
 * The agents registered now: each descriptor checked when it arrives (a rejected agent serves nothing), and per agent
 * the calls, failures, latency and cost since it arrived, and its last {@value #RECENT} decisions. In memory: the
 * journal keeps every step's agent, cost and rationale for good.
 */
final class AgentRoster {

    static final int RECENT = 10;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,2}([.-][0-9A-Za-z.-]{1,40})?");
    private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*");

    /** One agent's record. */
    private static final class Entry {
        final AgentDescriptor descriptor;
        final String problem;
        long calls;
        long failures;
        long nanos;
        BigDecimal cost = BigDecimal.ZERO;
        final Deque<AgentDecision> recent = new ArrayDeque<>();

        Entry(AgentDescriptor descriptor, String problem) {
            this.descriptor = descriptor;
            this.problem = problem;
        }
    }

    private final Map<Agent, Entry> entries = new ConcurrentHashMap<>();

    /** Checks a descriptor: the id, version and capability names, and that both schemas are JSON objects. */
    static Optional<String> check(AgentDescriptor d) {
        if (!ID.matcher(d.id()).matches()) {
            return Optional.of("id '" + d.id() + "' must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (!VERSION.matcher(d.version()).matches()) {
            return Optional.of("version '" + d.version() + "' must look like 1.2.3 (optionally with a qualifier)");
        }
        for (String c : d.capabilities()) {
            if (!CAPABILITY.matcher(c).matches()) {
                return Optional.of("capability '" + c + "' must be lower-case words joined by '.', such as lead.qualify");
            }
        }
        return schema("input", d.inputSchema()).or(() -> schema("output", d.outputSchema()));
    }

    private static Optional<String> schema(String which, String text) {
        try {
            Map<String, Object> schema = Json.read(text);
            Object type = schema.get("type");
            if (which.equals("input") && type != null && !"object".equals(type)) {
                return Optional.of("input schema must describe an object (a step's input is one), not " + type);
            }
            return Optional.empty();
        } catch (IllegalStateException e) {
            return Optional.of(which + " schema is not a JSON object: " + e.getCause().getMessage().lines().findFirst()
                    .orElse(""));
        }
    }

    /** Records an arriving agent; returns why it is rejected, if it is. */
    Optional<String> arrived(Agent agent) {
        AgentDescriptor d = agent.descriptor();
        Optional<String> problem = check(d);
        entries.put(agent, new Entry(d, problem.orElse(null)));
        return problem;
    }

    void left(Agent agent) {
        entries.remove(agent);
    }

    /** Counts a call of an agent by a step. */
    void called(Agent agent, AgentDecision decision) {
        Entry e = entries.get(agent);
        if (e == null) {
            return; // it left while its call ran
        }
        synchronized (e) {
            e.calls++;
            if (!decision.succeeded()) {
                e.failures++;
            }
            e.nanos += decision.latency().toNanos();
            e.cost = e.cost.add(decision.costUsd());
            e.recent.addFirst(decision);
            if (e.recent.size() > RECENT) {
                e.recent.removeLast();
            }
        }
    }

    /** Every agent, by id then version, with its state given by who serves its capabilities. */
    List<AgentStatus> statuses(Capabilities capabilities) {
        List<AgentStatus> out = new ArrayList<>();
        entries.forEach((agent, e) -> out.add(status(agent, e, capabilities)));
        out.sort(Comparator.comparing((AgentStatus s) -> s.descriptor().id())
                .thenComparing(s -> s.descriptor().version(), AgentVersions.ORDER));
        return out;
    }

    private static AgentStatus status(Agent agent, Entry e, Capabilities capabilities) {
        AgentStatus.State state = e.problem != null ? AgentStatus.State.REJECTED
                : e.descriptor.capabilities().stream().anyMatch(c -> capabilities.provider(c).orElse(null) == agent)
                        ? AgentStatus.State.ACTIVE : AgentStatus.State.STANDBY;
        synchronized (e) {
            return new AgentStatus(e.descriptor, state, e.problem, e.calls, e.failures,
                    e.calls == 0 ? Duration.ZERO : Duration.ofNanos(e.nanos / e.calls), e.cost, List.copyOf(e.recent));
        }
    }
}

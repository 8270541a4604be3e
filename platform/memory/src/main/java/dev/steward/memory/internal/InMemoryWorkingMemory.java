package dev.steward.memory.internal;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.steward.api.flow.FlowStatus;
import dev.steward.api.memory.Episode;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.WorkingMemory;
import dev.steward.spi.flow.FlowListener;

/**
 * The ephemeral tier: each in-flight flow's working context in the heap only, bounded per flow and in flows, dropped
 * when the kernel says the flow ended or was rolled back; an entry is kept for good only by promoting it to an
 * episode of the knowledge bank (through its write policies).
 */
@Component(service = {WorkingMemory.class, FlowListener.class}, configurationPid = InMemoryWorkingMemory.PID)
@Designate(ocd = InMemoryWorkingMemory.Config.class)
public final class InMemoryWorkingMemory implements WorkingMemory, FlowListener {

    static final String PID = "dev.steward.memory.working";
    /** The metadata label a promoted episode carries: the key of the entry it came from. */
    static final String WORKING_KEY = "workingKey";
    static final int MAX_KEY = 200;

    /** Settings, from {@code etc/dev.steward.memory.working.cfg}. */
    @ObjectClassDefinition(name = "Steward working memory", description = "Bounds of the flows' working contexts")
    public @interface Config {
        @AttributeDefinition(description = "Most entries in one flow's working context")
        int max_entries_per_flow() default 64;

        @AttributeDefinition(description = "Most characters of entry text in one flow's working context")
        int max_chars_per_flow() default 100_000;

        @AttributeDefinition(description = "Most flows with a working context at once")
        int max_flows() default 10_000;
    }

    private final KnowledgeBank knowledge;
    private final Clock clock;
    private final int maxEntries;
    private final int maxChars;
    private final int maxFlows;
    /** Guarded by {@code this}: every operation is a few map operations, so one lock serves. */
    private final Map<String, LinkedHashMap<String, String>> flows = new HashMap<>();
    private final Map<String, Integer> chars = new HashMap<>();

    @Activate
    public InMemoryWorkingMemory(@Reference(name = "knowledge") KnowledgeBank knowledge, Config config) {
        this(knowledge, Clock.systemUTC(), config.max_entries_per_flow(), config.max_chars_per_flow(), config.max_flows());
    }

    InMemoryWorkingMemory(KnowledgeBank knowledge, Clock clock, int maxEntries, int maxChars, int maxFlows) {
        this.knowledge = knowledge;
        this.clock = clock;
        this.maxEntries = positive("max.entries.per.flow", maxEntries);
        this.maxChars = positive("max.chars.per.flow", maxChars);
        this.maxFlows = positive("max.flows", maxFlows);
    }

    private static int positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("invalid configuration in etc/" + PID + ".cfg: " + key + " '" + value
                    + "' must be at least 1");
        }
        return value;
    }

    @Override
    public void put(String flowId, String key, String value) {
        Input.id("Working memory flowId", flowId);
        Input.text("Working memory key", key, MAX_KEY);
        if (value == null) {
            throw new IllegalArgumentException("Working memory value of '" + key + "' must not be null");
        }
        synchronized (this) {
            LinkedHashMap<String, String> entries = flows.get(flowId);
            if (entries == null && flows.size() >= maxFlows) {
                throw limit("max.flows", maxFlows, "flows have a working context already; flow " + flowId
                        + " cannot start one");
            }
            int held = entries == null ? 0 : entries.size();
            String old = entries == null ? null : entries.get(key);
            if (old == null && held >= maxEntries) {
                throw limit("max.entries.per.flow", maxEntries, "entries are in the working context of flow " + flowId
                        + "; '" + key + "' would be one more");
            }
            long total = (long) chars.getOrDefault(flowId, 0) - (old == null ? 0 : old.length()) + value.length();
            if (total > maxChars) {
                throw limit("max.chars.per.flow", maxChars, "characters is the most the working context of flow "
                        + flowId + " holds; with '" + key + "' it would hold " + total);
            }
            flows.computeIfAbsent(flowId, id -> new LinkedHashMap<>()).put(key, value);
            chars.put(flowId, (int) total);
        }
    }

    private static IllegalArgumentException limit(String key, int limit, String what) {
        return new IllegalArgumentException(limit + " " + what + " (limit " + key + " in etc/" + PID + ".cfg)");
    }

    @Override
    public synchronized Optional<String> get(String flowId, String key) {
        Map<String, String> entries = flows.get(flowId);
        return entries == null ? Optional.empty() : Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized Map<String, String> entries(String flowId) {
        Map<String, String> entries = flows.get(flowId);
        return entries == null ? Map.of() : new LinkedHashMap<>(entries);
    }

    @Override
    public synchronized void clear(String flowId) {
        flows.remove(flowId);
        chars.remove(flowId);
    }

    /** How many flows have a working context (tests, status). */
    synchronized int flows() {
        return flows.size();
    }

    @Override
    public Episode promote(String flowId, String key, String kind, Provenance provenance) {
        Input.id("Working memory flowId", flowId);
        String text = get(flowId, key).orElseThrow(() -> new IllegalArgumentException(
                "Flow " + flowId + " has no working entry '" + key + "' to promote"));
        Provenance from = provenance == null ? new Provenance("flow", flowId, flowId, null)
                : provenance.flowInstanceId() != null ? provenance
                : new Provenance(provenance.sourceType(), provenance.sourceId(), flowId, provenance.stepId());
        // outside the lock: the knowledge bank writes (and judges) in its own transaction
        return knowledge.recordEpisode(kind, text, clock.instant(), Map.of(WORKING_KEY, key), from, List.of());
    }

    /** The flow ended (completed, failed, cancelled or compensated): its working context goes. */
    @Override
    public void ended(String flowId, FlowStatus status) {
        clear(flowId);
    }

    @Override
    public void rolledBack(String flowId) {
        clear(flowId);
    }
}

package dev.steward.agent.research;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.api.memory.ContextBundle;
import dev.steward.api.memory.ContextItem;
import dev.steward.api.memory.ContextRequest;
import dev.steward.api.memory.Memory;
import dev.steward.api.memory.Provenance;
import dev.steward.api.memory.Turn;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.Models;
import dev.steward.spi.agent.Agent;
import dev.steward.spi.memory.Summarizer;

/**
 * Executor for capability {@value #CAPABILITY}: gathers the context bundle for a question from the three memory tiers
 * (the calling flow's working context, the session if one is named, the knowledge bank) and condenses it into a brief
 * of sentences, each with the citation of the item it came from. A chat model writes the brief through
 * {@link Models} (the cheap tier, journaled per step: see {@link ModelBrief}); when none is configured, or the call
 * fails, the extractive summarizer writes it, and the rationale says which and why. It only reads: reversible.
 */
@Component(service = Agent.class, configurationPid = "dev.steward.agent.research")
@Designate(ocd = ResearchAgent.Config.class)
public final class ResearchAgent implements Agent {

    /** Settings, from {@code etc/dev.steward.agent.research.cfg}. */
    @ObjectClassDefinition(name = "Steward research agent", description = "How the research brief is written")
    public @interface Config {
        @AttributeDefinition(description = "Whether a chat model writes the brief when one is configured")
        boolean model_brief() default true;

        @AttributeDefinition(description = "Whether the gathered items may go to a remote chat backend (memory may"
                + " hold personal data: by default only a local one sees them)")
        boolean model_remote() default false;

        @AttributeDefinition(description = "Most milliseconds the model may take for the brief")
        long model_timeout_ms() default 30_000;
    }

    static final String CAPABILITY = "research.gather";
    static final int DEFAULT_MAX_CHARS = 6_000;
    static final int DEFAULT_BRIEF_CHARS = 800;
    static final String INPUT_SCHEMA = """
            {"type":"object","required":["question"],"properties":{"question":{"type":"string"},
             "sessionId":{"type":"string"},"maxChars":{"type":"integer"},"briefChars":{"type":"integer"},
             "types":{"type":"array","items":{"type":"string"}},"metadata":{"type":"object"}}}""";
    static final String OUTPUT_SCHEMA = """
            {"type":"object","required":["brief","items","citations"],"properties":{
             "brief":{"type":"array","items":{"type":"object","properties":{"text":{"type":"string"},
               "citation":{"type":"string"}}}},
             "items":{"type":"array","items":{"type":"object"}},
             "citations":{"type":"array","items":{"type":"string"}},
             "usedChars":{"type":"integer"},"omitted":{"type":"integer"}}}""";
    private static final AgentDescriptor DESCRIPTOR = new AgentDescriptor("research", "1.0.0", List.of(CAPABILITY),
            INPUT_SCHEMA, OUTPUT_SCHEMA, AgentDescriptor.CostClass.LOW, true);

    private final Memory memory;
    private final Summarizer summarizer;
    private final ModelBrief modelBrief;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Models models;

    /**
     * @param memory the three memory tiers
     * @param summarizer the extractive summarizer, which needs no model
     * @param config the settings
     */
    @Activate
    public ResearchAgent(@Reference Memory memory, @Reference(target = "(summarizer.id=extractive)") Summarizer summarizer,
            Config config) {
        if (config.model_timeout_ms() < 100) {
            throw new IllegalArgumentException("etc/dev.steward.agent.research.cfg: model.timeout.ms must be at least"
                    + " 100, was " + config.model_timeout_ms());
        }
        this.memory = memory;
        this.summarizer = summarizer;
        this.modelBrief = config.model_brief()
                ? new ModelBrief(Duration.ofMillis(config.model_timeout_ms()), config.model_remote()) : null;
    }

    /**
     * On these models ({@code null} for none): tests.
     *
     * @param memory the three memory tiers
     * @param summarizer the extractive summarizer
     * @param config the settings
     * @param models the model router, or {@code null}
     */
    ResearchAgent(Memory memory, Summarizer summarizer, Config config, Models models) {
        this(memory, summarizer, config);
        this.models = models;
    }

    @Override
    public AgentDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public AgentResult execute(AgentRequest request) throws Exception {
        Map<String, Object> in = request.input();
        ContextBundle bundle;
        int briefChars;
        try {
            bundle = memory.context(new ContextRequest(text(in, "question"), optional(in, "sessionId"),
                    request.flowInstanceId(), number(in, "maxChars", DEFAULT_MAX_CHARS), types(in), metadata(in)));
            briefChars = number(in, "briefChars", DEFAULT_BRIEF_CHARS);
        } catch (IllegalArgumentException e) {
            throw new PermanentStepFailure("Research input is not valid: " + e.getMessage());
        }
        List<Map<String, Object>> brief = List.of();
        String how = "";
        BigDecimal cost = BigDecimal.ZERO;
        if (!bundle.items().isEmpty()) {
            Briefed b = brief(text(in, "question"), bundle.items(), briefChars, request);
            brief = b.sentences();
            how = b.how();
            cost = b.costUsd();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("brief", brief);
        out.put("items", bundle.items().stream().map(ResearchAgent::item).toList());
        out.put("citations", bundle.items().stream().map(ContextItem::citation).distinct().toList());
        out.put("usedChars", bundle.usedChars());
        out.put("omitted", bundle.omitted());
        String rationale = bundle.items().isEmpty() ? "memory holds nothing on this question"
                : bundle.items().size() + " items from memory (" + bundle.usedChars() + " of " + bundle.maxChars()
                        + " characters, " + bundle.omitted() + " left out); a brief of " + brief.size()
                        + (brief.size() == 1 ? " sentence " : " sentences ") + how;
        return new AgentResult(out, rationale, bundle.items().isEmpty() ? 0.2 : 0.8, cost);
    }

    /** A brief, how it was written (for the rationale) and what it cost. */
    private record Briefed(List<Map<String, Object>> sentences, String how, BigDecimal costUsd) {
    }

    /**
     * The model's brief when a model is configured and answers; else the extractive one, saying why. A failure of the
     * model's call never fails the step: the extractive brief is always there.
     */
    private Briefed brief(String question, List<ContextItem> items, int maxChars, AgentRequest request)
            throws Exception {
        Models m = models;
        String why;
        if (modelBrief == null) {
            why = "the model brief is off (model.brief = false)";
        } else if (m == null) {
            why = "no model router is running";
        } else {
            try {
                ModelBrief.Written w = modelBrief.write(m, request, question, items, maxChars);
                return new Briefed(w.sentences(), "written by model " + w.answer().model(), w.answer().costUsd());
            } catch (ModelCallException e) {
                why = "no model answered: " + String.join("; ", e.failures());
            } catch (ModelBrief.Refused e) {
                why = e.getMessage();
            }
        }
        return new Briefed(extractive(items, maxChars, request), "by the extractive summarizer (" + why + ")",
                BigDecimal.ZERO);
    }

    /**
     * The items as the summarizer reads turns, each spoken by its citation, so every sentence of the brief says which
     * item it came from ({@code <citation>: <sentence>}).
     */
    private List<Map<String, Object>> extractive(List<ContextItem> items, int maxChars, AgentRequest request)
            throws Exception {
        Provenance self = new Provenance("agent", DESCRIPTOR.id(), request.flowInstanceId(), request.stepId());
        List<Turn> turns = new ArrayList<>();
        for (ContextItem item : items) {
            if (!item.text().isBlank()) {
                turns.add(new Turn(item.citation(), "research", turns.size() + 1, item.citation(), item.text(),
                        item.at() == null ? Instant.EPOCH : item.at(), Map.of(), self));
            }
        }
        if (turns.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> brief = new ArrayList<>();
        for (String line : summarizer.summarize(turns, maxChars).split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                brief.add(Map.of("citation", line.substring(0, colon), "text", line.substring(colon + 2)));
            }
        }
        return brief;
    }

    private static Map<String, Object> item(ContextItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("citation", i.citation());
        m.put("tier", i.tier().name());
        m.put("kind", i.kind());
        m.put("text", i.text());
        m.put("truncated", i.truncated());
        return m;
    }

    private static String text(Map<String, Object> in, String key) {
        Object v = in.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v.toString();
    }

    private static String optional(Map<String, Object> in, String key) {
        Object v = in.get(key);
        return v == null ? null : v.toString();
    }

    private static int number(Map<String, Object> in, String key, int fallback) {
        Object v = in.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() > 0) {
            return n.intValue();
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, was " + v);
    }

    private static Set<String> types(Map<String, Object> in) {
        Object v = in.get("types");
        if (v == null) {
            return Set.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("types must be an array of episode kinds or entity types");
        }
        return Set.copyOf(list.stream().map(Object::toString).toList());
    }

    private static Map<String, String> metadata(Map<String, Object> in) {
        Object v = in.get("metadata");
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("metadata must be an object of labels");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> out.put(k.toString(), String.valueOf(val)));
        return out;
    }
}

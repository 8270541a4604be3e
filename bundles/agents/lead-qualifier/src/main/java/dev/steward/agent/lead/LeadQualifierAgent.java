package dev.steward.agent.lead;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import dev.steward.api.memory.Fact;
import dev.steward.api.memory.KnowledgeBank;
import dev.steward.api.model.ModelCallException;
import dev.steward.api.model.Models;
import dev.steward.spi.agent.Agent;

/**
 * Executor for capability {@value #CAPABILITY}: scores an inbound lead from 0 to 100 by explicit rules (see
 * {@link LeadRules}) and enriches it with what the knowledge bank knows (see {@link Acquaintance}), with the ids of
 * what it used as citations. When a chat model is configured it also reads the message's intent (one cheap call,
 * journaled per step: see {@link ModelIntent}); without one the rules alone score. It only reads, so its work is
 * reversible.
 */
@Component(service = Agent.class, configurationPid = "dev.steward.agent.lead")
@Designate(ocd = LeadQualifierAgent.Config.class)
public final class LeadQualifierAgent implements Agent {

    /** Settings, from {@code etc/dev.steward.agent.lead.cfg}. */
    @ObjectClassDefinition(name = "Steward lead qualifier", description = "How inbound leads are scored")
    public @interface Config {
        @AttributeDefinition(description = "Words or phrases in the message that signal a buyer (comma-separated)")
        String buying_words() default "quote,proposal,budget,price,pricing,contract,hire,project,urgent,asap,invoice";

        @AttributeDefinition(description = "Words or phrases that mark the message as spam (comma-separated)")
        String spam_words() default "unsubscribe,seo services,backlinks,crypto,casino,guest post";

        @AttributeDefinition(description = "Free-mail domains, which say nothing about a company")
        String free_mail_domains() default "gmail.com,googlemail.com,yahoo.com,hotmail.com,outlook.com,gmx.de,web.de,icloud.com,proton.me";

        @AttributeDefinition(description = "Least score graded A")
        int grade_a() default 70;

        @AttributeDefinition(description = "Least score graded B")
        int grade_b() default 40;

        @AttributeDefinition(description = "Whether a chat model reads the message's intent when one is configured")
        boolean model_intent() default true;

        @AttributeDefinition(description = "Whether the message may go to a remote chat backend (by default only a"
                + " local one reads it)")
        boolean model_remote() default false;

        @AttributeDefinition(description = "Most milliseconds the model may take")
        long model_timeout_ms() default 15_000;
    }

    static final String CAPABILITY = "lead.qualify";
    static final String INPUT_SCHEMA = """
            {"type":"object","required":["lead"],"properties":{"lead":{"type":"object","required":["name"],
             "properties":{"name":{"type":"string"},"email":{"type":"string"},"company":{"type":"string"},
             "message":{"type":"string"},"source":{"type":"string"}}}}}""";
    static final String OUTPUT_SCHEMA = """
            {"type":"object","required":["score","grade","reasons","citations"],"properties":{
             "score":{"type":"integer"},"grade":{"type":"string","enum":["A","B","C"]},
             "reasons":{"type":"array","items":{"type":"string"}},"person":{"type":"object"},
             "organization":{"type":"object"},"facts":{"type":"array","items":{"type":"string"}},
             "citations":{"type":"array","items":{"type":"string"}}}}""";
    private static final AgentDescriptor DESCRIPTOR = new AgentDescriptor("lead-qualifier", "1.0.0",
            List.of(CAPABILITY), INPUT_SCHEMA, OUTPUT_SCHEMA, AgentDescriptor.CostClass.LOW, true);

    private final Acquaintance acquaintance;
    private final LeadRules rules;
    private final ModelIntent modelIntent;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Models models;

    /**
     * @param bank the knowledge bank, read for what is known of the lead
     * @param config the scoring rules
     */
    @Activate
    public LeadQualifierAgent(@Reference KnowledgeBank bank, Config config) {
        this.acquaintance = new Acquaintance(bank);
        this.rules = LeadRules.from(config);
        if (config.model_timeout_ms() < 100) {
            throw new IllegalArgumentException("etc/dev.steward.agent.lead.cfg: model.timeout.ms must be at least 100,"
                    + " was " + config.model_timeout_ms());
        }
        this.modelIntent = config.model_intent()
                ? new ModelIntent(java.time.Duration.ofMillis(config.model_timeout_ms()), config.model_remote()) : null;
    }

    /** On these models ({@code null} for none): tests. */
    LeadQualifierAgent(KnowledgeBank bank, Config config, Models models) {
        this(bank, config);
        this.models = models;
    }

    @Override
    public AgentDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public AgentResult execute(AgentRequest request) throws PermanentStepFailure {
        if (!(request.input().get("lead") instanceof Map<?, ?> lead) || text(lead, "name") == null) {
            throw new PermanentStepFailure("lead must be an object with at least a name");
        }
        String name = text(lead, "name");
        String email = text(lead, "email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new PermanentStepFailure("lead.email '" + email + "' is not an e-mail address");
        }
        String message = text(lead, "message") == null ? "" : text(lead, "message");
        Acquaintance.Known known = acquaintance.look(name, email, text(lead, "company"));

        List<String> reasons = new ArrayList<>();
        Set<String> citations = new LinkedHashSet<>();
        int score = LeadRules.BASE;
        if (known.person() != null) {
            score += rule(reasons, LeadRules.KNOWN_PERSON, "known person: " + known.person().entity().name());
            citations.add(known.person().entity().id());
        }
        if (known.organization() != null) {
            score += rule(reasons, LeadRules.KNOWN_ORGANIZATION, "known organization: "
                    + known.organization().entity().name());
            citations.add(known.organization().entity().id());
        }
        List<Fact> client = known.facts().stream().filter(LeadQualifierAgent::saysClient).toList();
        if (!client.isEmpty()) {
            score += rule(reasons, LeadRules.CLIENT, "an existing client");
            client.forEach(f -> citations.add(f.id()));
        }
        if (email != null) {
            String domain = email.substring(email.indexOf('@') + 1).toLowerCase(Locale.ROOT);
            score += rules.freeMailDomains().contains(domain)
                    ? rule(reasons, LeadRules.FREE_MAIL, "free-mail address (" + domain + ")")
                    : rule(reasons, LeadRules.BUSINESS_MAIL, "business address (" + domain + ")");
        }
        List<String> buying = LeadRules.found(rules.buyingWords(), message);
        if (!buying.isEmpty()) {
            score += rule(reasons, Math.min(LeadRules.BUYING_MAX, buying.size() * LeadRules.BUYING_WORD),
                    "buying signals: " + String.join(", ", buying));
        }
        List<String> spam = LeadRules.found(rules.spamWords(), message);
        if (!spam.isEmpty()) {
            score += rule(reasons, LeadRules.SPAM, "spam signals: " + String.join(", ", spam));
        }
        BigDecimal cost = BigDecimal.ZERO;
        String unread = "";
        Models m = models;
        if (modelIntent != null && m != null && !message.isBlank()) {
            try {
                ModelIntent.Read read = modelIntent.read(m, request, message);
                cost = read.answer().costUsd();
                String by = "model " + read.answer().model() + " reads the intent: " + read.intent();
                score += switch (read.intent()) {
                    case "buying" -> rule(reasons, LeadRules.MODEL_BUYING, by);
                    case "spam" -> rule(reasons, spam.isEmpty() ? LeadRules.SPAM : 0, by);
                    default -> rule(reasons, 0, by);
                };
            } catch (ModelCallException e) {
                unread = " (no model read the intent: " + String.join("; ", e.failures()) + ")";
            } catch (IllegalStateException e) {
                unread = " (no model read the intent: " + e.getMessage() + ")";
            }
        }
        if (!known.episodes().isEmpty()) {
            score += rule(reasons, Math.min(LeadRules.EARLIER_MAX, known.episodes().size() * LeadRules.EARLIER_EPISODE),
                    known.episodes().size() + " earlier conversations");
            known.episodes().forEach(h -> citations.add(h.id()));
        }
        score = Math.max(0, Math.min(100, score));
        return new AgentResult(output(score, reasons, known, citations), rules.grade(score) + " lead (" + score
                + "): " + String.join("; ", reasons) + unread,
                known.person() != null || known.organization() != null ? 0.9 : 0.6, cost);
    }

    private Map<String, Object> output(int score, List<String> reasons, Acquaintance.Known known, Set<String> citations) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("score", score);
        out.put("grade", rules.grade(score));
        out.put("reasons", reasons);
        if (known.person() != null) {
            out.put("person", Map.of("id", known.person().entity().id(), "name", known.person().entity().name()));
        }
        if (known.organization() != null) {
            out.put("organization", Map.of("id", known.organization().entity().id(), "name",
                    known.organization().entity().name()));
        }
        out.put("facts", known.facts().stream().map(f -> f.predicate() + " " + (f.value() != null ? f.value()
                : f.objectId())).toList());
        out.put("citations", List.copyOf(citations));
        return out;
    }

    private static int rule(List<String> reasons, int points, String why) {
        reasons.add((points >= 0 ? "+" : "") + points + " " + why);
        return points;
    }

    /** A fact that says the entity is a client: {@code status = client}, or {@code isClient = true}. */
    private static boolean saysClient(Fact f) {
        return f.value() != null && (f.predicate().equalsIgnoreCase("status") && f.value().equalsIgnoreCase("client")
                || f.predicate().equalsIgnoreCase("isClient") && f.value().equalsIgnoreCase("true"));
    }

    private static String text(Map<?, ?> map, String key) {
        Object v = map.get(key);
        return v == null || v.toString().isBlank() ? null : v.toString().strip();
    }
}

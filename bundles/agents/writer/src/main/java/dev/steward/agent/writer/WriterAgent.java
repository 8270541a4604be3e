package dev.steward.agent.writer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.steward.api.agent.AgentDescriptor;
import dev.steward.api.agent.AgentRequest;
import dev.steward.api.agent.AgentResult;
import dev.steward.api.flow.PermanentStepFailure;
import dev.steward.spi.agent.Agent;

/**
 * Executor for capability {@value #CAPABILITY}: drafts a message or document from one of the operator's templates
 * ({@code etc/steward/templates/<name>.ftl}), the step's {@code data}, and the {@code context} items it is given
 * (each with a {@code citation} and a {@code text}, as a context bundle gives them). A draft whose first line is
 * {@code Subject: ...} is split into a subject and a body. Drafting has no effect outside: its work is reversible.
 */
@Component(service = Agent.class, configurationPid = "dev.steward.agent.writer")
@Designate(ocd = WriterAgent.Config.class)
public final class WriterAgent implements Agent {

    /** Settings, from {@code etc/dev.steward.agent.writer.cfg}. */
    @ObjectClassDefinition(name = "Steward writer agent", description = "Where the writer's templates are")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the templates (empty: KARAF_ETC/steward/templates)")
        String templates_dir() default "";
    }

    static final String CAPABILITY = "draft.write";
    static final String INPUT_SCHEMA = """
            {"type":"object","required":["template"],"properties":{"template":{"type":"string"},
             "data":{"type":"object"},"context":{"type":"array","items":{"type":"object",
               "required":["citation","text"],"properties":{"citation":{"type":"string"},"text":{"type":"string"}}}}}}""";
    static final String OUTPUT_SCHEMA = """
            {"type":"object","required":["body","template","citations"],"properties":{"subject":{"type":"string"},
             "body":{"type":"string"},"template":{"type":"string"},"citations":{"type":"array",
             "items":{"type":"string"}}}}""";
    private static final AgentDescriptor DESCRIPTOR = new AgentDescriptor("writer", "1.0.0", List.of(CAPABILITY),
            INPUT_SCHEMA, OUTPUT_SCHEMA, AgentDescriptor.CostClass.LOW, true);

    private final Templates templates;

    /**
     * Opens the template folder, creating it when missing.
     *
     * @param config the settings
     * @throws IOException when the folder cannot be created
     */
    @Activate
    public WriterAgent(Config config) throws IOException {
        this(config.templates_dir().isBlank()
                ? Path.of(System.getProperty("karaf.etc", "etc"), "steward", "templates")
                : Path.of(config.templates_dir().strip()));
    }

    WriterAgent(Path folder) throws IOException {
        this.templates = new Templates(folder);
    }

    @Override
    public AgentDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public AgentResult execute(AgentRequest request) throws PermanentStepFailure {
        Object name = request.input().get("template");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("data", request.input().getOrDefault("data", Map.of()));
        List<Map<?, ?>> context = context(request.input().get("context"));
        model.put("context", context);
        String draft;
        try {
            draft = templates.render(name == null ? null : name.toString(), model);
        } catch (Templates.DraftFailure e) {
            throw new PermanentStepFailure(e.getMessage());
        }
        Map<String, Object> output = new LinkedHashMap<>();
        String body = draft;
        if (draft.startsWith("Subject:")) {
            int end = draft.indexOf('\n');
            output.put("subject", (end < 0 ? draft : draft.substring(0, end)).substring("Subject:".length()).strip());
            body = end < 0 ? "" : draft.substring(end + 1).stripLeading();
        }
        output.put("body", body);
        output.put("template", name.toString());
        List<String> citations = new ArrayList<>();
        context.forEach(c -> citations.add(c.get("citation").toString()));
        output.put("citations", citations);
        return new AgentResult(output, "drafted from template " + name + " with " + context.size() + " context items",
                1.0, BigDecimal.ZERO);
    }

    private static List<Map<?, ?>> context(Object value) throws PermanentStepFailure {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new PermanentStepFailure("context must be an array of items with a citation and a text");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || m.get("citation") == null || m.get("text") == null) {
                throw new PermanentStepFailure("context[" + out.size() + "] must have a citation and a text");
            }
            out.add(m);
        }
        return out;
    }
}

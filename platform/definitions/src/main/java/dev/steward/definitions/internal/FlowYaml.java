package dev.steward.definitions.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.yaml.snakeyaml.nodes.Node;

import dev.steward.api.flow.FlowDefinition;
import dev.steward.api.flow.FlowInput;

/**
 * Reads one flow file (YAML) into a {@link FlowDefinition}. Unknown keys, values of the wrong type, bad
 * durations and whatever the API records refuse are errors at the line and column they concern; see
 * docs/kernel.md, "Flow definitions in YAML", for the format.
 */
final class FlowYaml {

    private static final Set<String> FLOW_KEYS =
            Set.of("id", "version", "description", "compensateOnFailure", "inputs", "steps");
    private static final Set<String> INPUT_KEYS = Set.of("name", "type", "required", "description");
    private static final String TYPES = Stream.of(FlowInput.Type.values())
            .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));

    /** A definition read from a file, with where its id and version stand (for errors about the file as a whole). */
    record Parsed(FlowDefinition definition, FlowFileException.Position idAt, FlowFileException.Position versionAt) {
    }

    private FlowYaml() {
    }

    static Parsed parse(String file, String text) throws FlowFileException {
        YamlNodes yaml = new YamlNodes(file);
        YamlMap flow = yaml.map(yaml.compose(text), "the flow", FLOW_KEYS);
        Node idNode = flow.require("id");
        String id = yaml.requiredText(idNode, "id");
        Node versionNode = flow.require("version");
        int version = yaml.integer(versionNode, "version");
        String description = flow.text("description");
        boolean compensate = flow.bool("compensateOnFailure", false);
        List<FlowInput> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : flow.has("inputs") ? yaml.list(flow.get("inputs"), "inputs") : List.<Node>of()) {
            inputs.add(input(yaml, item, names));
        }
        List<StepYaml> steps = new ArrayList<>();
        for (Node item : yaml.list(flow.require("steps"), "steps")) {
            steps.add(StepYaml.parse(yaml, item));
        }
        FlowDefinition definition;
        try {
            definition = new FlowDefinition(id, version, description, steps.stream().map(StepYaml::step).toList(),
                    inputs, compensate);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw yaml.error(culprit(steps, versionNode, version, flow.key("steps")), e.getMessage());
        }
        Set<String> stepIds = steps.stream().map(s -> s.step().id()).collect(Collectors.toSet());
        for (StepYaml step : steps) {
            step.checkPaths(yaml, stepIds);
        }
        return new Parsed(definition, YamlNodes.position(idNode), YamlNodes.position(versionNode));
    }

    /**
     * Where the problem {@link FlowDefinition} refused stands, following the order in which it checks: the
     * version, then a step id used twice, then a dependency on an unknown step; a cycle (or no step) is
     * reported at {@code steps}.
     */
    private static Node culprit(List<StepYaml> steps, Node versionNode, int version, Node stepsKey) {
        if (version < 1) {
            return versionNode;
        }
        Set<String> seen = new HashSet<>();
        for (StepYaml step : steps) {
            if (!seen.add(step.step().id())) {
                return step.idNode();
            }
        }
        for (StepYaml step : steps) {
            for (var dependency : step.dependencies().entrySet()) {
                if (!seen.contains(dependency.getKey())) {
                    return dependency.getValue();
                }
            }
        }
        return stepsKey;
    }

    private static FlowInput input(YamlNodes yaml, Node node, Set<String> names) throws FlowFileException {
        YamlMap map = yaml.map(node, "an input", INPUT_KEYS);
        Node nameNode = map.require("name");
        String name = yaml.requiredText(nameNode, "name");
        if (!names.add(name)) {
            throw yaml.error(nameNode, "input '" + name + "' is declared twice");
        }
        FlowInput.Type type = FlowInput.Type.ANY;
        if (map.has("type")) {
            String text = yaml.requiredText(map.get("type"), "type");
            if (!Set.of(TYPES.split(", ")).contains(text)) {
                throw yaml.error(map.get("type"), "'type' must be one of " + TYPES + ", was '" + text + "'");
            }
            type = FlowInput.Type.valueOf(text.toUpperCase(Locale.ROOT));
        }
        try {
            return new FlowInput(name, type, map.bool("required", false), map.text("description"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw yaml.error(node, e.getMessage());
        }
    }
}

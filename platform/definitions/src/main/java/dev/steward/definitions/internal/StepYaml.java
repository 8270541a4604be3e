package dev.steward.definitions.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.Node;

import dev.steward.api.flow.RetryPolicy;
import dev.steward.api.flow.StepDefinition;
import dev.steward.api.flow.StepWait;

/**
 * One step of a flow file, read into a {@link StepDefinition}; it remembers where its id, dependencies and
 * input paths stand so that the checks that need the whole flow can point at them.
 */
final class StepYaml {

    private static final Set<String> KEYS =
            Set.of("id", "capability", "input", "dependsOn", "retry", "timeout", "compensation", "wait");
    private static final Set<String> RETRY_KEYS = Set.of("maxAttempts", "initialBackoff", "maxBackoff", "multiplier");
    private static final Set<String> WAIT_KEYS = Set.of("signal", "timer", "timeout", "onTimeout");

    private final StepDefinition step;
    private final Node idNode;
    private final Map<String, Node> dependencies;
    private final Map<String, Node> paths;

    private StepYaml(StepDefinition step, Node idNode, Map<String, Node> dependencies, Map<String, Node> paths) {
        this.step = step;
        this.idNode = idNode;
        this.dependencies = dependencies;
        this.paths = paths;
    }

    static StepYaml parse(YamlNodes yaml, Node node) throws FlowFileException {
        YamlMap map = yaml.map(node, "a step", KEYS);
        Node idNode = map.require("id");
        String id = yaml.requiredText(idNode, "id");
        String capability = map.text("capability");
        StepWait await = map.has("wait") ? await(yaml, map.get("wait")) : null;
        if (capability == null && await == null) {
            throw yaml.error(node, "step '" + id + "' needs a 'capability' to call or a 'wait'");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        Map<String, Node> paths = new LinkedHashMap<>();
        if (map.has("input")) {
            YamlMap input = yaml.map(map.get("input"), "'input'", null);
            for (String field : input.keys()) {
                mapping.put(field, yaml.requiredText(input.get(field), field));
                paths.put(field, input.get(field));
            }
        }
        Map<String, Node> dependencies = new LinkedHashMap<>();
        List<String> dependsOn = new ArrayList<>();
        for (Node item : map.has("dependsOn") ? yaml.list(map.get("dependsOn"), "dependsOn") : List.<Node>of()) {
            String dependency = yaml.requiredText(item, "dependsOn");
            dependsOn.add(dependency);
            dependencies.putIfAbsent(dependency, item);
        }
        RetryPolicy retry = map.has("retry") ? retry(yaml, map.get("retry")) : null;
        try {
            StepDefinition step = new StepDefinition(id, capability, mapping, dependsOn, retry, map.duration("timeout"),
                    map.text("compensation"), await);
            return new StepYaml(step, idNode, dependencies, paths);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw yaml.error(node, e.getMessage());
        }
    }

    StepDefinition step() {
        return step;
    }

    Node idNode() {
        return idNode;
    }

    /** Each step this one depends on, with where it is named. */
    Map<String, Node> dependencies() {
        return dependencies;
    }

    /**
     * Checks the input paths the way the kernel reads them ({@code input.<field>...} or
     * {@code steps.<step id>.<field>...}), so that a bad path is reported at its line, not by the kernel.
     */
    void checkPaths(YamlNodes yaml, Set<String> stepIds) throws FlowFileException {
        for (Map.Entry<String, Node> entry : paths.entrySet()) {
            String path = step.inputMapping().get(entry.getKey());
            String[] parts = path.split("\\.");
            boolean ok = parts.length >= 2 && parts[0].equals("input")
                    || parts.length >= 3 && parts[0].equals("steps") && stepIds.contains(parts[1]);
            if (!ok) {
                throw yaml.error(entry.getValue(), "step '" + step.id() + "' input '" + entry.getKey() + "': '" + path
                        + "' must be input.<field> or steps.<step id>.<field>, naming a step of this flow");
            }
        }
    }

    private static RetryPolicy retry(YamlNodes yaml, Node node) throws FlowFileException {
        YamlMap map = yaml.map(node, "'retry'", RETRY_KEYS);
        RetryPolicy defaults = RetryPolicy.defaults();
        int attempts = map.has("maxAttempts") ? yaml.integer(map.get("maxAttempts"), "maxAttempts") : defaults.maxAttempts();
        Duration initial = map.has("initialBackoff") ? map.duration("initialBackoff") : defaults.initialBackoff();
        Duration max = map.has("maxBackoff") ? map.duration("maxBackoff") : defaults.maxBackoff();
        double multiplier = map.has("multiplier") ? yaml.number(map.get("multiplier"), "multiplier") : defaults.multiplier();
        try {
            return new RetryPolicy(attempts, initial, max, multiplier);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw yaml.error(node, e.getMessage());
        }
    }

    private static StepWait await(YamlNodes yaml, Node node) throws FlowFileException {
        YamlMap map = yaml.map(node, "'wait'", WAIT_KEYS);
        String signal = map.text("signal");
        Duration timer = map.duration("timer");
        Duration timeout = map.duration("timeout");
        Map<String, Object> onTimeout = map.has("onTimeout") ? outcome(yaml, map.get("onTimeout")) : null;
        if (signal != null && timer != null) {
            throw yaml.error(map.key("timer"), "a wait has either 'signal' or 'timer', not both");
        }
        if (signal == null && timer == null) {
            throw yaml.error(node, "a wait needs 'signal' (with 'timeout') or 'timer'");
        }
        if (timer != null && timeout != null) {
            throw yaml.error(map.key("timeout"), "a timer has no 'timeout': 'timer' is how long it waits");
        }
        if (signal != null && timeout == null) {
            throw yaml.error(node, "a wait for signal '" + signal + "' needs a 'timeout'");
        }
        try {
            return signal != null ? new StepWait(signal, timeout, onTimeout)
                    : new StepWait(null, timer, onTimeout == null ? Map.of() : onTimeout);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw yaml.error(node, e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> outcome(YamlNodes yaml, Node node) throws FlowFileException {
        Object value = yaml.value(node, "onTimeout");
        if (value != null && !(value instanceof Map)) {
            throw yaml.error(node, "'onTimeout' must be a mapping (the step's output), was " + YamlNodes.describe(node));
        }
        return (Map<String, Object>) value;
    }
}

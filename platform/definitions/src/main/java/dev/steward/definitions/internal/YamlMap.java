package dev.steward.definitions.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** One YAML mapping whose keys have been checked: its values by key, and where each key and value stands. */
final class YamlMap {

    private final YamlNodes nodes;
    private final MappingNode node;
    private final String what;
    private final Map<String, NodeTuple> entries;

    YamlMap(YamlNodes nodes, MappingNode node, String what, Map<String, NodeTuple> entries) {
        this.nodes = nodes;
        this.node = node;
        this.what = what;
        this.entries = entries;
    }

    /** The mapping itself: where it starts. */
    Node node() {
        return node;
    }

    /** The keys, in file order. */
    Set<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of a key, or {@code null} when the key is absent. */
    Node get(String key) {
        NodeTuple entry = entries.get(key);
        return entry == null ? null : entry.getValueNode();
    }

    /** The key node itself (for errors about the key), or {@code null} when the key is absent. */
    Node key(String key) {
        NodeTuple entry = entries.get(key);
        return entry == null ? null : entry.getKeyNode();
    }

    /** The value of a key that must be present; the error points at the mapping. */
    Node require(String key) throws FlowFileException {
        Node value = get(key);
        if (value == null) {
            throw nodes.error(node, what + " needs '" + key + "'");
        }
        return value;
    }

    String text(String key) throws FlowFileException {
        Node value = get(key);
        return value == null ? null : nodes.text(value, key);
    }

    String requiredText(String key) throws FlowFileException {
        return nodes.requiredText(require(key), key);
    }

    boolean bool(String key, boolean absent) throws FlowFileException {
        Node value = get(key);
        return value == null ? absent : nodes.bool(value, key);
    }

    Duration duration(String key) throws FlowFileException {
        Node value = get(key);
        return value == null ? null : nodes.duration(value, key);
    }
}

package dev.steward.definitions.internal;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed access to the node tree SnakeYAML composes from one file: every value is checked against the type
 * its key expects, and every error carries the file, line and column of the node at fault. Nothing is ever
 * constructed from a tag: only plain text, numbers, booleans, null, mappings and lists are accepted.
 */
final class YamlNodes {

    private static final Set<Tag> SCALARS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.TIMESTAMP);

    private final String file;
    private final Scalars scalars = new Scalars();

    YamlNodes(String file) {
        this.file = file;
    }

    /** Composes the single document of a file (safe loading: nodes only, no object is built from a tag). */
    Node compose(String text) throws FlowFileException {
        LoaderOptions options = new LoaderOptions();
        options.setProcessComments(false);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem()
                    : e.getProblem() == null ? e.getContext() : e.getContext() + ", " + e.getProblem();
            throw new FlowFileException(file, mark == null ? null : position(mark), "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new FlowFileException(file, null, "invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new FlowFileException(file, new FlowFileException.Position(1, 1), "the file is empty: expected a flow definition");
        }
        return root;
    }

    FlowFileException error(Node at, String reason) {
        return new FlowFileException(file, position(at.getStartMark()), reason);
    }

    static FlowFileException.Position position(Node node) {
        return position(node.getStartMark());
    }

    private static FlowFileException.Position position(Mark mark) {
        return new FlowFileException.Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** A mapping whose keys must all be among {@code keys} (any key when {@code null}); {@code what} names it in messages. */
    YamlMap map(Node node, String what, Set<String> keys) throws FlowFileException {
        if (!(node instanceof MappingNode mapping) || !node.getTag().equals(Tag.MAP)) {
            throw error(node, what + " must be a mapping (key: value), was " + describe(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            String key = key(entry.getKeyNode());
            if (keys != null && !keys.contains(key)) {
                throw error(entry.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected "
                        + String.join(", ", keys.stream().sorted().toList()));
            }
            if (entries.put(key, entry) != null) {
                throw error(entry.getKeyNode(), "key '" + key + "' appears twice in " + what);
            }
        }
        return new YamlMap(this, mapping, what, entries);
    }

    /** The items of a list; an empty value is an empty list. */
    List<Node> list(Node node, String what) throws FlowFileException {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence) || !node.getTag().equals(Tag.SEQ)) {
            throw error(node, "'" + what + "' must be a list, was " + describe(node));
        }
        return sequence.getValue();
    }

    /** The text of a scalar (numbers and booleans as written), or {@code null} for an empty value. */
    String text(Node node, String what) throws FlowFileException {
        if (isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar) || !SCALARS.contains(node.getTag())) {
            throw error(node, "'" + what + "' must be text, was " + describe(node));
        }
        return scalar.getValue();
    }

    /** Like {@link #text} but neither empty nor blank. */
    String requiredText(Node node, String what) throws FlowFileException {
        String text = text(node, what);
        if (text == null || text.isBlank()) {
            throw error(node, "'" + what + "' must not be empty");
        }
        return text;
    }

    int integer(Node node, String what) throws FlowFileException {
        if (!node.getTag().equals(Tag.INT) || !(construct(node, what) instanceof Integer value)) {
            throw error(node, "'" + what + "' must be a whole number, was " + describe(node));
        }
        return value;
    }

    double number(Node node, String what) throws FlowFileException {
        if (!node.getTag().equals(Tag.INT) && !node.getTag().equals(Tag.FLOAT)) {
            throw error(node, "'" + what + "' must be a number, was " + describe(node));
        }
        return ((Number) construct(node, what)).doubleValue();
    }

    boolean bool(Node node, String what) throws FlowFileException {
        if (!node.getTag().equals(Tag.BOOL)) {
            throw error(node, "'" + what + "' must be true or false, was " + describe(node));
        }
        return (Boolean) construct(node, what);
    }

    Duration duration(Node node, String what) throws FlowFileException {
        String text = requiredText(node, what);
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw error(node, "'" + what + "' must be an ISO-8601 duration such as PT30S, PT5M, PT1H or P3D, was '"
                    + text + "'");
        }
    }

    /** A value as JSON would hold it: maps with text keys, lists, text, numbers, booleans and null. */
    Object value(Node node, String what) throws FlowFileException {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof MappingNode mapping && node.getTag().equals(Tag.MAP)) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (NodeTuple entry : mapping.getValue()) {
                String key = key(entry.getKeyNode());
                if (map.containsKey(key)) {
                    throw error(entry.getKeyNode(), "key '" + key + "' appears twice in '" + what + "'");
                }
                map.put(key, value(entry.getValueNode(), what));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence && node.getTag().equals(Tag.SEQ)) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(value(item, what));
            }
            return list;
        }
        if (node instanceof ScalarNode scalar && SCALARS.contains(node.getTag())) {
            // a timestamp stays text: values go to JSON, which has no date type
            return node.getTag().equals(Tag.STR) || node.getTag().equals(Tag.TIMESTAMP) ? scalar.getValue()
                    : construct(node, what);
        }
        throw error(node, "'" + what + "' holds " + describe(node) + ", which is not allowed");
    }

    private Object construct(Node node, String what) throws FlowFileException {
        try {
            return scalars.construct(node);
        } catch (RuntimeException e) {
            throw error(node, "'" + what + "' cannot be read as " + describe(node) + ": " + e.getMessage());
        }
    }

    private String key(Node node) throws FlowFileException {
        if (!(node instanceof ScalarNode scalar) || !SCALARS.contains(node.getTag())) {
            throw error(node, "a key must be text, was " + describe(node));
        }
        return scalar.getValue();
    }

    private static boolean isNull(Node node) {
        return node.getTag().equals(Tag.NULL);
    }

    /** How a node reads in a message: its kind, and the value of a scalar. */
    static String describe(Node node) {
        Tag tag = node.getTag();
        if (!Tag.standardTags.contains(tag)) {
            return "a value tagged " + tag.getValue();
        }
        if (node instanceof MappingNode) {
            return tag.equals(Tag.MAP) ? "a mapping" : "a " + tag.getValue().substring(Tag.PREFIX.length());
        }
        if (node instanceof SequenceNode) {
            return tag.equals(Tag.SEQ) ? "a list" : "a " + tag.getValue().substring(Tag.PREFIX.length());
        }
        String value = ((ScalarNode) node).getValue();
        if (tag.equals(Tag.NULL)) {
            return "empty";
        }
        if (tag.equals(Tag.STR)) {
            return "the text '" + value + "'";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number " + value;
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean " + value;
        }
        return "a " + tag.getValue().substring(Tag.PREFIX.length()) + " '" + value + "'";
    }

    /** SnakeYAML's own safe construction of the standard scalars (int, float, bool), one node at a time. */
    private static final class Scalars extends SafeConstructor {

        Scalars() {
            super(new LoaderOptions());
        }

        Object construct(Node node) {
            return constructObject(node);
        }
    }
}

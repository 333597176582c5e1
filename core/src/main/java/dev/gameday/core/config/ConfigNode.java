package dev.gameday.core.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a YAML (or JSON) configuration file that remembers where it came from, so every
 * config error names the file, the line and the field path. Game day, SLO and target files are
 * read through it into validated records at the edge; nothing downstream sees raw YAML.
 */
public final class ConfigNode {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

    private final String file;
    private final String path;
    private final Node node;

    private ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Reads a YAML or JSON file; a missing or malformed file is a {@link ConfigException}. */
    public static ConfigNode load(Path file) {
        String name = file.toString();
        try {
            return parse(name, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "", "no such file");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Parses YAML (or JSON) text; {@code file} is the name errors will show. */
    public static ConfigNode parse(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                throw new ConfigException(file, 0, "", "the file is empty");
            }
            return new ConfigNode(file, "", root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, "", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "", "not valid YAML: " + e.getMessage());
        }
    }

    /**
     * Sets a value given on the command line ({@code --set load.usersPerSecond=10}): the scalar at
     * the dotted path of mappings is replaced, or added with the mappings leading to it. Errors about
     * it later name the path; there is no line, since it is not in the file.
     *
     * @throws ConfigException when the path runs into a value that is not a mapping
     */
    public ConfigNode set(String dottedPath, String value) {
        String[] fields = dottedPath.split("\\.");
        Node at = node;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (!(at instanceof MappingNode mapping)) {
                throw new ConfigException(file, 0, path.toString(), "--set " + dottedPath + ": '" + path
                        + "' is not a mapping, so it has no field '" + fields[i] + "'");
            }
            path.append(path.length() == 0 ? "" : ".").append(fields[i]);
            boolean last = i == fields.length - 1;
            Node child = null;
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(fields[i])) {
                    child = tuple.getValueNode();
                    if (last) {
                        mapping.getValue().set(mapping.getValue().indexOf(tuple), new NodeTuple(key, scalar(value)));
                    }
                    break;
                }
            }
            if (child == null || (!last && !(child instanceof MappingNode))) {
                Node created = last ? scalar(value) : new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
                if (child == null) {
                    mapping.getValue().add(new NodeTuple(scalar(fields[i]), created));
                } else if (!last) {
                    throw new ConfigException(file, line(), path.toString(), "--set " + dottedPath + ": '" + path
                            + "' is a single value, not a mapping");
                }
                child = created;
            }
            at = child;
        }
        return this;
    }

    private static ScalarNode scalar(String value) {
        return new ScalarNode(Tag.STR, value, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    /** The file name errors show. */
    public String file() {
        return file;
    }

    /** The path of this node from the root, e.g. {@code slos[1].objective}; empty for the root. */
    public String path() {
        return path;
    }

    /** The 1-based line the node starts on. */
    public int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** An error located at this node. */
    public ConfigException error(String reason) {
        return new ConfigException(file, line(), path, reason);
    }

    // ---- mappings ----

    /** Whether this is a mapping that has {@code field}. */
    public boolean has(String field) {
        return node instanceof MappingNode && fields().containsKey(field);
    }

    /** A required field of this mapping. */
    public ConfigNode get(String field) {
        ConfigNode child = fields().get(field);
        if (child == null) {
            throw error("missing required field '" + field + "'");
        }
        return child;
    }

    /** An optional field of this mapping. */
    public Optional<ConfigNode> find(String field) {
        return Optional.ofNullable(fields().get(field));
    }

    /** The fields of this mapping, in file order. */
    public Map<String, ConfigNode> fields() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("must be a mapping (field: value), not " + kind());
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigNode(file, path, tuple.getKeyNode()).error("field names must be plain text");
            }
            out.put(key.getValue(), new ConfigNode(file, childPath(key.getValue()), tuple.getValueNode()));
        }
        return out;
    }

    /** Rejects any field not in {@code allowed}, naming the allowed ones. */
    public ConfigNode allowOnly(String... allowed) {
        Optional<ConfigException> first = unknownFields(allowed).values().stream().findFirst();
        if (first.isPresent()) {
            throw first.get();
        }
        return this;
    }

    /**
     * An error per field not in {@code allowed}, keyed by the field's name in file order, each naming
     * the allowed ones: for a caller that reports every problem at once.
     */
    public Map<String, ConfigException> unknownFields(String... allowed) {
        Set<String> names = Set.of(allowed);
        String expected = String.join(", ", Arrays.stream(allowed).sorted().toList());
        Map<String, ConfigException> unknown = new LinkedHashMap<>();
        fields().forEach((name, node) -> {
            if (!names.contains(name)) {
                unknown.put(name, node.error("unknown field '" + name + "'; expected one of " + expected));
            }
        });
        return unknown;
    }

    // ---- sequences ----

    /** The items of this sequence. */
    public List<ConfigNode> list() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("must be a list, not " + kind());
        }
        List<ConfigNode> out = new ArrayList<>();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            out.add(new ConfigNode(file, path + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    /** Whether this node is a list. */
    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** Whether this node is a mapping. */
    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    // ---- scalars ----

    /** The scalar's text. */
    public String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not " + kind());
        }
        return scalar.getValue();
    }

    /** A required field's text. */
    public String text(String field) {
        return get(field).text();
    }

    /** An optional field's text, or {@code fallback}. */
    public String text(String field, String fallback) {
        return find(field).map(ConfigNode::text).orElse(fallback);
    }

    /** The scalar as a non-blank name. */
    public String name() {
        String value = text();
        if (value.isBlank()) {
            throw error("must not be empty");
        }
        return value;
    }

    /** The scalar as a whole number. */
    public int integer() {
        try {
            return Integer.parseInt(text().trim());
        } catch (NumberFormatException e) {
            throw error("must be a whole number, was '" + text() + "'");
        }
    }

    /** The scalar as a number. */
    public double number() {
        try {
            return Double.parseDouble(text().trim());
        } catch (NumberFormatException e) {
            throw error("must be a number, was '" + text() + "'");
        }
    }

    /** The scalar as {@code true}/{@code false}. */
    public boolean bool() {
        String value = text().trim();
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw error("must be true or false, was '" + value + "'");
    }

    /** The scalar as a duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT1M30S}. */
    public Duration duration() {
        String value = text().trim();
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long millis = switch (m.group(2)) {
                case "ms" -> Math.round(amount);
                case "s" -> Math.round(amount * 1_000);
                case "m" -> Math.round(amount * 60_000);
                default -> Math.round(amount * 3_600_000);
            };
            return Duration.ofMillis(millis);
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw error("must be a duration such as 30s, 2m or PT1M30S, was '" + value + "'");
        }
    }

    /** The scalar as a positive duration. */
    public Duration positiveDuration() {
        Duration d = duration();
        if (d.isZero() || d.isNegative()) {
            throw error("must be a positive duration, was '" + text() + "'");
        }
        return d;
    }

    /** The scalar as a fraction: {@code 99.5%} is 0.995; a plain number in [0, 1] is taken as is. */
    public double fraction() {
        String value = text().trim();
        Matcher m = PERCENT.matcher(value);
        double fraction;
        if (m.matches()) {
            // Rounded so that 99.9% is exactly 0.999, not 0.9990000000000001 (which 999 of 1000 would miss).
            fraction = Math.round(Double.parseDouble(m.group(1)) * 1e10) / 1e12;
        } else {
            try {
                fraction = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw error("must be a percentage such as 99.5%, was '" + value + "'");
            }
        }
        if (fraction < 0 || fraction > 1) {
            throw error("must be between 0% and 100%, was '" + value + "'");
        }
        return fraction;
    }

    /** A string-to-string mapping (e.g. parameters, dimensions). */
    public Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        fields().forEach((k, v) -> out.put(k, v.text()));
        return out;
    }

    /** The node as plain Java values (maps, lists, strings), for passing through opaque parts. */
    public Object toPlain() {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        if (node instanceof SequenceNode) {
            return list().stream().map(ConfigNode::toPlain).toList();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        fields().forEach((k, v) -> out.put(k, v.toPlain()));
        return out;
    }

    private String childPath(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}

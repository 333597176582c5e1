package dev.gameday.chaos.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads FIS experiment templates from JSON (the shape of {@code aws fis create-experiment-template
 * --cli-input-json} and of {@code get-experiment-template}'s output) or the same document in YAML.
 *
 * <p>Malformed input fails with file, line and column; a document of the wrong shape (an array
 * where FIS wants an object, an unknown field) fails with file and JSON path. Semantic checks
 * (known action ids, references, durations …) are {@code TemplateValidator}'s job, so that a
 * template can be read, shown and filled before it is judged.
 */
public final class TemplateParser {

    /** The two document formats a template may be written in. */
    public enum Format {
        JSON, YAML;

        /** YAML for {@code .yaml}/{@code .yml}, JSON otherwise. */
        public static Format of(String fileName) {
            String lower = fileName.toLowerCase(Locale.ROOT);
            return lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
        }
    }

    // Duplicate keys are an error: in a hand-edited template the second "duration" silently
    // winning is exactly the kind of mistake that makes a game day test the wrong thing.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of(
            "description", "targets", "actions", "stopConditions", "roleArn", "tags",
            "experimentOptions", "experimentReportConfiguration", "logConfiguration", "clientToken",
            ExperimentTemplate.EXTENSION_KEY);
    private static final Set<String> TARGET_FIELDS = Set.of(
            "resourceType", "resourceArns", "resourceTags", "filters", "parameters", "selectionMode");
    private static final Set<String> ACTION_FIELDS = Set.of(
            "actionId", "description", "parameters", "targets", "startAfter");
    private static final Set<String> FILTER_FIELDS = Set.of("path", "values");
    private static final Set<String> STOP_CONDITION_FIELDS = Set.of("source", "value");
    private static final Set<String> OPTIONS_FIELDS = Set.of("accountTargeting", "emptyTargetResolutionMode");
    private static final Set<String> EXTENSION_FIELDS = Set.of("parameters", "proves");

    private TemplateParser() {
    }

    /** Reads the template in {@code file}; its name is the file name without extension. */
    public static ExperimentTemplate parse(Path file) {
        String fileName = file.getFileName().toString();
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read experiment template " + file, e);
        }
        return parse(nameOf(fileName), file.toString(), content, Format.of(fileName));
    }

    /**
     * Reads a template from text.
     *
     * @param name    short name of the template
     * @param source  where it came from, as problems should name it
     * @param content the document
     * @param format  JSON or YAML
     */
    public static ExperimentTemplate parse(String name, String source, String content, Format format) {
        JsonNode tree;
        try {
            tree = (format == Format.YAML ? YAML : JSON).readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage().lines().findFirst().orElse("").trim();
            throw new TemplateException(new Problem(source, JsonPaths.ROOT,
                    "malformed " + format + where + ": " + why));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new TemplateException(new Problem(source, JsonPaths.ROOT, "empty template"));
        }
        return fromTree(name, source, tree);
    }

    /** The file name without its extension: the template's name in the catalogue. */
    public static String nameOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** Builds the typed template from a parsed document, checking its shape. */
    public static ExperimentTemplate fromTree(String name, String source, JsonNode tree) {
        Shape shape = new Shape(source);
        if (!tree.isObject()) {
            throw new TemplateException(new Problem(source, JsonPaths.ROOT,
                    "an experiment template is a JSON object, not " + kind(tree)));
        }
        // get-experiment-template wraps the template: {"experimentTemplate": {...}}.
        if (tree.size() == 1 && tree.has("experimentTemplate") && tree.get("experimentTemplate").isObject()) {
            tree = tree.get("experimentTemplate");
        }
        String root = JsonPaths.ROOT;
        shape.knownFields(tree, root, TOP_LEVEL_FIELDS, ExperimentTemplate.READ_ONLY_FIELDS);

        Map<String, ExperimentTarget> targets = new LinkedHashMap<>();
        shape.forEachField(tree.get("targets"), JsonPaths.field(root, "targets"),
                (targetName, node, path) -> targets.put(targetName, target(shape, node, path)));

        Map<String, ExperimentAction> actions = new LinkedHashMap<>();
        shape.forEachField(tree.get("actions"), JsonPaths.field(root, "actions"),
                (actionName, node, path) -> actions.put(actionName, action(shape, node, path)));

        List<StopCondition> stopConditions = new ArrayList<>();
        shape.forEachElement(tree.get("stopConditions"), JsonPaths.field(root, "stopConditions"), (node, path) -> {
            if (shape.object(node, path)) {
                shape.knownFields(node, path, STOP_CONDITION_FIELDS, Set.of());
                stopConditions.add(new StopCondition(
                        shape.text(node.get("source"), JsonPaths.field(path, "source")),
                        shape.text(node.get("value"), JsonPaths.field(path, "value"))));
            }
        });

        ExperimentOptions options = ExperimentOptions.DEFAULTS;
        JsonNode optionsNode = tree.get("experimentOptions");
        String optionsPath = JsonPaths.field(root, "experimentOptions");
        if (optionsNode != null && shape.object(optionsNode, optionsPath)) {
            shape.knownFields(optionsNode, optionsPath, OPTIONS_FIELDS, Set.of());
            String accountTargeting = shape.text(optionsNode.get("accountTargeting"),
                    JsonPaths.field(optionsPath, "accountTargeting"));
            String emptyMode = shape.text(optionsNode.get("emptyTargetResolutionMode"),
                    JsonPaths.field(optionsPath, "emptyTargetResolutionMode"));
            options = new ExperimentOptions(
                    accountTargeting != null ? accountTargeting : ExperimentOptions.DEFAULTS.accountTargeting(),
                    emptyMode != null ? emptyMode : ExperimentOptions.DEFAULTS.emptyTargetResolutionMode());
        }

        GamedayExtension gameday = GamedayExtension.NONE;
        JsonNode extension = tree.get(ExperimentTemplate.EXTENSION_KEY);
        String extensionPath = JsonPaths.field(root, ExperimentTemplate.EXTENSION_KEY);
        if (extension != null && shape.object(extension, extensionPath)) {
            shape.knownFields(extension, extensionPath, EXTENSION_FIELDS, Set.of());
            gameday = new GamedayExtension(
                    shape.stringMap(extension.get("parameters"), JsonPaths.field(extensionPath, "parameters")),
                    shape.text(extension.get("proves"), JsonPaths.field(extensionPath, "proves")));
        }

        String description = shape.text(tree.get("description"), JsonPaths.field(root, "description"));
        String roleArn = shape.text(tree.get("roleArn"), JsonPaths.field(root, "roleArn"));
        Map<String, String> tags = shape.stringMap(tree.get("tags"), JsonPaths.field(root, "tags"));
        JsonNode report = tree.get("experimentReportConfiguration");
        JsonNode log = tree.get("logConfiguration");
        shape.throwIfAny();
        ExperimentTemplate template = new ExperimentTemplate(
                name,
                source,
                description,
                targets,
                actions,
                stopConditions,
                roleArn,
                tags,
                options,
                report == null || report.isNull() ? null : report,
                log == null || log.isNull() ? null : log,
                gameday,
                tree);
        return template;
    }

    private static ExperimentTarget target(Shape shape, JsonNode node, String path) {
        if (!shape.object(node, path)) {
            return null;
        }
        shape.knownFields(node, path, TARGET_FIELDS, Set.of());
        List<TargetFilter> filters = new ArrayList<>();
        shape.forEachElement(node.get("filters"), JsonPaths.field(path, "filters"), (filter, filterPath) -> {
            if (shape.object(filter, filterPath)) {
                shape.knownFields(filter, filterPath, FILTER_FIELDS, Set.of());
                filters.add(new TargetFilter(
                        shape.text(filter.get("path"), JsonPaths.field(filterPath, "path")),
                        shape.stringList(filter.get("values"), JsonPaths.field(filterPath, "values"))));
            }
        });
        return new ExperimentTarget(
                shape.text(node.get("resourceType"), JsonPaths.field(path, "resourceType")),
                shape.stringList(node.get("resourceArns"), JsonPaths.field(path, "resourceArns")),
                shape.stringMap(node.get("resourceTags"), JsonPaths.field(path, "resourceTags")),
                filters,
                shape.stringMap(node.get("parameters"), JsonPaths.field(path, "parameters")),
                shape.text(node.get("selectionMode"), JsonPaths.field(path, "selectionMode")));
    }

    private static ExperimentAction action(Shape shape, JsonNode node, String path) {
        if (!shape.object(node, path)) {
            return null;
        }
        shape.knownFields(node, path, ACTION_FIELDS, Set.of());
        return new ExperimentAction(
                shape.text(node.get("actionId"), JsonPaths.field(path, "actionId")),
                shape.text(node.get("description"), JsonPaths.field(path, "description")),
                shape.stringMap(node.get("parameters"), JsonPaths.field(path, "parameters")),
                shape.stringMap(node.get("targets"), JsonPaths.field(path, "targets")),
                shape.stringList(node.get("startAfter"), JsonPaths.field(path, "startAfter")));
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Reads typed values out of the tree, collecting shape problems instead of stopping at the first. */
    private static final class Shape {
        private final String source;
        private final List<Problem> problems = new ArrayList<>();

        Shape(String source) {
            this.source = source;
        }

        interface FieldVisitor {
            void visit(String name, JsonNode node, String path);
        }

        interface ElementVisitor {
            void visit(JsonNode node, String path);
        }

        void problem(String path, String message) {
            problems.add(new Problem(source, path, message));
        }

        boolean object(JsonNode node, String path) {
            if (node.isObject()) {
                return true;
            }
            problem(path, "expected an object, found " + kind(node));
            return false;
        }

        void knownFields(JsonNode node, String path, Set<String> known, Set<String> alsoAccepted) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!known.contains(field) && !alsoAccepted.contains(field)) {
                    problem(JsonPaths.field(path, field), "unknown field '" + field + "' (FIS rejects unknown fields)");
                }
            }
        }

        void forEachField(JsonNode node, String path, FieldVisitor visitor) {
            if (node == null || node.isNull() || !object(node, path)) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                visitor.visit(field.getKey(), field.getValue(), JsonPaths.field(path, field.getKey()));
            }
        }

        void forEachElement(JsonNode node, String path, ElementVisitor visitor) {
            if (node == null || node.isNull()) {
                return;
            }
            if (!node.isArray()) {
                problem(path, "expected an array, found " + kind(node));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                visitor.visit(node.get(i), JsonPaths.index(path, i));
            }
        }

        /**
         * A string value. Numbers and booleans are taken as their text, since YAML authors write
         * {@code percent: 80} and {@code forceFailover: true} where FIS wants strings.
         */
        String text(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (node.isTextual() || node.isNumber() || node.isBoolean()) {
                return node.asText();
            }
            problem(path, "expected a string, found " + kind(node));
            return null;
        }

        List<String> stringList(JsonNode node, String path) {
            List<String> values = new ArrayList<>();
            forEachElement(node, path, (element, elementPath) -> {
                String value = text(element, elementPath);
                if (value != null) {
                    values.add(value);
                } else if (element.isNull()) {
                    problem(elementPath, "expected a string, found null");
                }
            });
            return values;
        }

        Map<String, String> stringMap(JsonNode node, String path) {
            Map<String, String> values = new LinkedHashMap<>();
            forEachField(node, path, (key, value, valuePath) -> {
                String text = text(value, valuePath);
                if (text != null) {
                    values.put(key, text);
                } else if (value.isNull()) {
                    problem(valuePath, "expected a string, found null");
                }
            });
            return values;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new TemplateException(problems);
            }
        }
    }
}

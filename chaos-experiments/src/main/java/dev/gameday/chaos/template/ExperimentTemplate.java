package dev.gameday.chaos.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A FIS experiment template, in FIS's own shape, as read from a JSON or YAML file.
 *
 * <p>The typed fields are what the harness reads (validation, target resolution, the local
 * platform, the FIS request aws-target builds from them); {@link #json()} is the same document as
 * written, and {@link #fisJson()} that document as FIS holds it, without the {@code x-gameday} block
 * FIS would reject. Values are immutable: {@link #fill(Map)} and {@link #withStopConditions} return a
 * new template, typed fields and document alike.
 *
 * @param name                          short name, e.g. {@code ecs-stop-task} (the file name without extension)
 * @param source                        where it was read from, as reported in problems
 * @param description                   {@code null} when missing (validation reports it)
 * @param targets                       target name → target, in file order
 * @param actions                       action name → action, in file order
 * @param stopConditions                empty when missing (validation reports it)
 * @param roleArn                       {@code null} when the template leaves the role to the FIS adapter's configuration
 * @param tags                          template tags
 * @param experimentOptions             with FIS's defaults filled in
 * @param experimentReportConfiguration kept opaque; {@code null} when missing
 * @param logConfiguration              kept opaque; {@code null} when missing
 * @param gameday                       the {@code x-gameday} block
 * @param json                          the whole document as read (after placeholder filling, for a filled template)
 */
public record ExperimentTemplate(
        String name,
        String source,
        String description,
        Map<String, ExperimentTarget> targets,
        Map<String, ExperimentAction> actions,
        List<StopCondition> stopConditions,
        String roleArn,
        Map<String, String> tags,
        ExperimentOptions experimentOptions,
        JsonNode experimentReportConfiguration,
        JsonNode logConfiguration,
        GamedayExtension gameday,
        JsonNode json) {

    /** The top-level key of the harness's own block, which FIS does not know. */
    public static final String EXTENSION_KEY = "x-gameday";

    /**
     * Fields FIS returns from {@code get-experiment-template} but rejects on create/update;
     * accepted in a file so an exported template can be used as is, and left out of {@link #fisJson()}.
     */
    public static final Set<String> READ_ONLY_FIELDS =
            Set.of("id", "arn", "creationTime", "lastUpdateTime", "targetAccountConfigurationsCount");

    public ExperimentTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        targets = Maps.ordered(targets);
        actions = Maps.ordered(actions);
        stopConditions = List.copyOf(stopConditions);
        tags = Maps.ordered(tags);
        Objects.requireNonNull(experimentOptions, "experimentOptions");
        Objects.requireNonNull(gameday, "gameday");
        json = json.deepCopy();
    }

    /** The document as written. A copy: the record stays immutable. */
    @Override
    public JsonNode json() {
        return json.deepCopy();
    }

    /**
     * The document as FIS takes it on {@code CreateExperimentTemplate}: without {@code x-gameday}
     * (FIS rejects unknown fields) and without the read-only fields of an exported template.
     */
    public ObjectNode fisJson() {
        ObjectNode copy = (ObjectNode) json.deepCopy();
        copy.remove(EXTENSION_KEY);
        copy.remove(READ_ONLY_FIELDS);
        return copy;
    }

    /**
     * This template with {@code ${name}} placeholders filled: the {@code x-gameday.parameters}
     * defaults first, overridden by {@code parameters}. Placeholders with no value stay in place;
     * {@link #placeholders()} lists them and validation reports each with its path.
     */
    public ExperimentTemplate fill(Map<String, String> parameters) {
        Map<String, String> values = new LinkedHashMap<>(gameday.parameters());
        values.putAll(parameters);
        return TemplateParser.fromTree(name, source, TemplatePlaceholders.fill(json, values));
    }

    /**
     * Placeholders still unfilled in what would go to FIS (the {@code x-gameday} block is not
     * searched: it never leaves the harness).
     */
    public List<Placeholder> placeholders() {
        return TemplatePlaceholders.find(fisJson(), JsonPaths.ROOT);
    }

    /**
     * Values still to fill in what would go to FIS: unfilled {@code ${name}} placeholders and values
     * written for people such as {@code <YOUR AWS ACCOUNT>}.
     */
    public List<ValueToFill> valuesToFill() {
        return TemplatePlaceholders.valuesToFill(fisJson(), JsonPaths.ROOT);
    }

    /**
     * This template with {@code conditions} as its stop conditions, in the typed fields and in the
     * document alike (nothing is read again). Judging them is the validator's job.
     */
    public ExperimentTemplate withStopConditions(List<StopCondition> conditions) {
        ArrayNode written = JsonNodeFactory.instance.arrayNode();
        for (StopCondition condition : conditions) {
            ObjectNode node = written.addObject().put("source", condition.source());
            if (condition.value() != null) {
                node.put("value", condition.value());
            }
        }
        ObjectNode document = (ObjectNode) json.deepCopy();
        document.set("stopConditions", written);
        return new ExperimentTemplate(name, source, description, targets, actions, conditions, roleArn, tags,
                experimentOptions, experimentReportConfiguration, logConfiguration, gameday, document);
    }
}

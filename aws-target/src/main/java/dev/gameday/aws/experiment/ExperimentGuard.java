package dev.gameday.aws.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.validation.ValidatedExperiment;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an experiment may be on an {@code aws} target, checked on the filled template before FIS
 * sees it — at preflight (with the target file's values) and again right before
 * {@code CreateExperimentTemplate}:
 * <ul>
 *   <li>the role is the target file's {@code fisRoleArn} (a template naming another is refused);</li>
 *   <li>every ARN in the template — filled in or written literally — is in the target's partition,
 *       its region (or regionless) and one of its {@code allowedAccounts} (or accountless);</li>
 *   <li>at least one {@code aws:cloudwatch:alarm} stop condition, so CloudWatch stops the experiment
 *       even when the harness is gone; the file's {@code stopConditionAlarms} are added to every
 *       template (in place of {@code {"source": "none"}}), and {@code allowNoStopCondition: true}
 *       lets a template without one run (with a warning).</li>
 * </ul>
 * A refusal is a {@link TemplateException} naming the template, the JSON path and the value.
 */
public final class ExperimentGuard {

    private static final Pattern ARN = Pattern.compile("arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)", Pattern.DOTALL);

    private final AwsTargetConfig config;
    private final String partition;

    public ExperimentGuard(AwsTargetConfig config) {
        this.config = config;
        Matcher role = ARN.matcher(config.fisRoleArn());
        this.partition = role.matches() ? role.group(1) : "aws";
    }

    /**
     * The experiment as it goes to FIS on this target: the file's {@code stopConditionAlarms} added,
     * then checked. What the validator judged is not judged again, only what this target adds.
     *
     * @throws TemplateException with every problem found
     */
    public ValidatedExperiment prepare(ValidatedExperiment validated) {
        ValidatedExperiment prepared = config.stopConditionAlarms().isEmpty()
                ? validated : validated.withStopConditions(stopConditions(validated.template()));
        check(prepared.template());
        return prepared;
    }

    /**
     * A filled template as it would go to FIS on this target (for {@code plan}, before any call, where
     * values only AWS knows are stood in): the file's {@code stopConditionAlarms} added, then checked.
     *
     * @throws TemplateException with every problem found
     */
    public ExperimentTemplate prepare(ExperimentTemplate filled) {
        ExperimentTemplate template = config.stopConditionAlarms().isEmpty()
                ? filled : filled.withStopConditions(stopConditions(filled));
        check(template);
        return template;
    }

    private void check(ExperimentTemplate template) {
        List<Problem> problems = new ArrayList<>();
        String source = template.source();
        if (template.roleArn() != null && !template.roleArn().equals(config.fisRoleArn())) {
            problems.add(new Problem(source, "$.roleArn", "FIS acts only with " + config.file() + "'s fisRoleArn "
                    + config.fisRoleArn() + ", was " + template.roleArn() + " (leave roleArn out of the template)"));
        }
        arns(template.fisJson(), JsonPaths.ROOT, source, problems);
        if (!hasAlarm(template) && !config.allowNoStopCondition()) {
            problems.add(new Problem(source, "$.stopConditions", "on AWS an experiment needs an aws:cloudwatch:alarm"
                    + " stop condition, so that CloudWatch stops it even if the harness dies; add one to the template,"
                    + " list alarms under stopConditionAlarms in " + config.file()
                    + ", or set allowNoStopCondition: true there"));
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
    }

    /** The warning {@code plan} and {@code run} print for a template allowed to run without an alarm stop condition. */
    public Optional<String> warning(ExperimentTemplate prepared) {
        if (hasAlarm(prepared)) {
            return Optional.empty();
        }
        return Optional.of("experiment " + prepared.name() + " has no aws:cloudwatch:alarm stop condition"
                + " (allowNoStopCondition: true in " + config.file() + "): if the harness dies, nothing but the next"
                + " run's orphan sweep stops it");
    }

    private static boolean hasAlarm(ExperimentTemplate template) {
        return template.stopConditions().stream().anyMatch(StopCondition::isAlarm);
    }

    /** The template's stop conditions with the file's {@code stopConditionAlarms} added, in place of {@code none}. */
    private List<StopCondition> stopConditions(ExperimentTemplate filled) {
        List<StopCondition> conditions = new ArrayList<>();
        for (StopCondition condition : filled.stopConditions()) {
            if (!condition.source().equals(StopCondition.NONE)) { // FIS takes "none" only on its own
                conditions.add(condition);
            }
        }
        for (String alarm : config.stopConditionAlarms()) {
            String arn = "arn:" + partition + ":cloudwatch:" + config.region() + ":" + config.deploymentAccount()
                    + ":alarm:" + alarm;
            if (filled.stopConditions().stream().noneMatch(c -> arn.equals(c.value()))) {
                conditions.add(new StopCondition(StopCondition.CLOUDWATCH_ALARM, arn));
            }
        }
        return conditions;
    }

    private void arns(JsonNode node, String path, String source, List<Problem> problems) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.startsWith("arn:")) {
                arn(text, path, source).ifPresent(problems::add);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                arns(field.getValue(), JsonPaths.field(path, field.getKey()), source, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                arns(node.get(i), JsonPaths.index(path, i), source, problems);
            }
        }
    }

    private Optional<Problem> arn(String arn, String path, String source) {
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            return Optional.of(new Problem(source, path, "'" + arn + "' is not a well-formed ARN"
                    + " (arn:partition:service:region:account:resource)"));
        }
        String why = null;
        if (!m.group(1).equals(partition)) {
            why = "is in partition " + m.group(1) + ", but the target's is " + partition;
        } else if (!m.group(3).isEmpty() && !m.group(3).equals(config.region())) {
            why = "is in region " + m.group(3) + ", but the target's region is " + config.region();
        } else if (!m.group(4).isEmpty() && !config.allowedAccounts().contains(m.group(4))) {
            why = "is in account " + m.group(4) + ", which allowedAccounts in " + config.file() + " does not list";
        }
        return Optional.ofNullable(why).map(reason -> new Problem(source, path, arn + " " + reason));
    }
}

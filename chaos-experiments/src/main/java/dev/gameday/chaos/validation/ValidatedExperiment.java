package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TemplateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment the validator has judged runnable: its template filled with the values that filled
 * it, with nothing FIS would refuse and no value left to fill. Only {@link TemplateValidator#validate}
 * makes one, so a {@code FaultInjector} never receives a template nobody checked, and never needs to
 * read or check it again.
 */
public final class ValidatedExperiment {

    private final ExperimentTemplate template;
    private final Map<String, String> parameters;
    private final FisVerdict verdict;

    /** Made by {@link TemplateValidator#validate} only, on a template whose verdict lets it run. */
    ValidatedExperiment(ExperimentTemplate template, Map<String, String> parameters, FisVerdict verdict) {
        this.template = Objects.requireNonNull(template, "template");
        this.parameters = Map.copyOf(parameters);
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    /** The template's catalogue name, e.g. {@code ecs-stop-task}. */
    public String name() {
        return template.name();
    }

    /** The filled template, in FIS's shape; what FIS is sent is made from it. */
    public ExperimentTemplate template() {
        return template;
    }

    /** The game-day parameters that filled the template (kept for events, reports and the FIS role). */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Refuses, for the local target, an experiment with an action the local platform does not play
     * (the validator's verdict, {@link FisVerdict#requirePlayableLocally}).
     *
     * @throws IllegalArgumentException naming each AWS-only action and its local alternative
     */
    public void requirePlayableLocally() {
        verdict.requirePlayableLocally(name());
    }

    /**
     * Refuses, for the AWS target, an experiment with a local-only action ({@code gameday:local:…}),
     * which FIS does not have (the validator's verdict, {@link FisVerdict#requirePlayableOnAws}).
     *
     * @throws IllegalArgumentException naming each local-only action and what comes closest on AWS
     */
    public void requirePlayableOnAws() {
        verdict.requirePlayableOnAws(name());
    }

    /**
     * This experiment with {@code conditions} as its stop conditions, e.g. the alarms an {@code aws}
     * target adds to every experiment. The validator judges the new stop conditions (all else is
     * unchanged and was judged already), and that they leave no value to fill.
     *
     * @throws TemplateException when a stop condition is not one FIS takes
     */
    public ValidatedExperiment withStopConditions(List<StopCondition> conditions) {
        ExperimentTemplate changed = template.withStopConditions(conditions);
        List<Problem> problems = new ArrayList<>(TemplateValidator.stopConditionProblems(template.source(), conditions));
        // The rest of the template had nothing left to fill: whatever is now is in the new conditions.
        problems.addAll(new FisVerdict(List.of(), changed.valuesToFill(), List.of(), List.of()).unfilled(template.source(), Set.of()));
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return new ValidatedExperiment(changed, parameters, verdict);
    }

    @Override
    public String toString() {
        return "ValidatedExperiment[" + name() + ", parameters=" + parameters + "]";
    }
}

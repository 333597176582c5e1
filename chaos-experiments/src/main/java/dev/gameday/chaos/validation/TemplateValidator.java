package dev.gameday.chaos.validation;

import dev.gameday.chaos.actions.FisCatalogue;
import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.chaos.template.ExperimentOptions;
import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.SelectionMode;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TargetFilter;
import dev.gameday.chaos.template.TemplateException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges an experiment template before anything starts, in one pass ({@link #verdict}): its
 * structure here (references between actions and targets, {@code startAfter} order, selection
 * modes, filters, stop conditions, options), everything FIS knows of its actions and targets by
 * {@link FisCatalogueValidator} (action ids, target keys and resource types, parameters and their
 * documented ranges), the actions only AWS plays ({@link LocalActions}), and the values still to
 * fill. Every problem names the file, the JSON path and the reason; all of them are reported at once.
 */
public final class TemplateValidator {

    private static final Set<String> STOP_CONDITION_SOURCES = Set.of(StopCondition.NONE, StopCondition.CLOUDWATCH_ALARM);
    private static final Set<String> EMPTY_TARGET_MODES = Set.of("fail", "skip");
    private static final Set<String> ACCOUNT_TARGETING = Set.of("single-account", "multi-account");
    private static final FisCatalogueValidator FIS = new FisCatalogueValidator(FisCatalogue.standard());

    private TemplateValidator() {
    }

    /**
     * The verdict on {@code template}: INVALID with every problem FIS would refuse, VALID_AWS_ONLY
     * naming each action the local platform does not play, or VALID; with the values still to fill.
     */
    public static FisVerdict verdict(ExperimentTemplate template) {
        List<Problem> problems = new Check(template).run();
        FisVerdict fis = FIS.check(template);
        problems.addAll(fis.problems());
        return new FisVerdict(problems, template.valuesToFill(), fis.awsOnly(), fis.localOnly());
    }

    /**
     * The experiment a {@code FaultInjector} takes: {@code template} {@linkplain ExperimentTemplate#fill
     * filled} with {@code parameters}, if it can be sent as it is (AWS-only actions included; the local
     * target refuses those itself, from this same verdict). The one place such an experiment is made.
     *
     * @throws TemplateException listing every problem, a value still to fill among them
     */
    public static ValidatedExperiment validate(ExperimentTemplate template, Map<String, String> parameters) {
        ExperimentTemplate filled = template.fill(parameters);
        FisVerdict verdict = verdict(filled);
        verdict.requireRunnable(filled.source(), Set.of());
        return new ValidatedExperiment(filled, parameters, verdict);
    }

    /** Every problem with {@code template}, a value still to fill among them; empty when it can be sent. */
    public static List<Problem> problems(ExperimentTemplate template) {
        FisVerdict verdict = verdict(template);
        List<Problem> all = new ArrayList<>(verdict.problems());
        all.addAll(verdict.unfilled(template.source(), Set.of()));
        return all;
    }

    /**
     * What FIS would refuse in {@code conditions}, a template's stop conditions: none at all, an
     * unknown source, an alarm without its ARN. Values to fill are the verdict's {@code toFill}.
     */
    static List<Problem> stopConditionProblems(String source, List<StopCondition> conditions) {
        List<Problem> problems = new ArrayList<>();
        String path = JsonPaths.field(JsonPaths.ROOT, "stopConditions");
        if (conditions.isEmpty()) {
            problems.add(new Problem(source, path, "missing stopConditions: FIS needs at least [{\"source\": \"none\"}]"));
        }
        for (int i = 0; i < conditions.size(); i++) {
            StopCondition condition = conditions.get(i);
            String conditionPath = JsonPaths.index(path, i);
            if (!STOP_CONDITION_SOURCES.contains(condition.source())) {
                problems.add(new Problem(source, JsonPaths.field(conditionPath, "source"), "stop condition source '"
                        + condition.source() + "' is not 'none' or 'aws:cloudwatch:alarm'"));
            } else if (condition.isAlarm() && (condition.value() == null || condition.value().isBlank())) {
                problems.add(new Problem(source, JsonPaths.field(conditionPath, "value"),
                        "an aws:cloudwatch:alarm stop condition needs the alarm ARN as value"));
            }
        }
        return problems;
    }

    private static final class Check {
        private final ExperimentTemplate template;
        private final List<Problem> problems = new ArrayList<>();

        Check(ExperimentTemplate template) {
            this.template = template;
        }

        private void problem(String path, String message) {
            problems.add(new Problem(template.source(), path, message));
        }

        List<Problem> run() {
            String root = JsonPaths.ROOT;
            if (template.description() == null || template.description().isBlank()) {
                problem(JsonPaths.field(root, "description"), "missing description");
            }
            template.targets().forEach((name, target) ->
                    target(name, target, JsonPaths.field(JsonPaths.field(root, "targets"), name)));
            if (template.actions().isEmpty()) {
                problem(JsonPaths.field(root, "actions"), "missing actions: a template needs at least one action");
            }
            template.actions().forEach((name, action) ->
                    action(name, action, JsonPaths.field(JsonPaths.field(root, "actions"), name)));
            startAfterCycles();
            stopConditions();
            options();
            return problems;
        }

        private void target(String name, ExperimentTarget target, String path) {
            String type = target.resourceType();
            if (type == null || type.isBlank()) {
                problem(JsonPaths.field(path, "resourceType"), "missing resourceType");
            }
            boolean arns = !target.resourceArns().isEmpty();
            boolean tags = !target.resourceTags().isEmpty();
            if (arns && tags) {
                problem(path, "target '" + name + "' sets both resourceArns and resourceTags; FIS takes one of them");
            } else if (!arns && !tags && target.parameters().isEmpty()) {
                problem(path, "target '" + name + "' selects no resources: set resourceArns, resourceTags or parameters");
            }
            // Which parameters a resource type takes is the FIS catalogue's to judge.
            for (int i = 0; i < target.filters().size(); i++) {
                TargetFilter filter = target.filters().get(i);
                String filterPath = JsonPaths.index(JsonPaths.field(path, "filters"), i);
                if (filter.path() == null || filter.path().isBlank()) {
                    problem(JsonPaths.field(filterPath, "path"), "missing filter path");
                }
                if (filter.values().isEmpty()) {
                    problem(JsonPaths.field(filterPath, "values"), "a filter needs at least one value");
                }
            }
            if (target.selectionMode() != null) {
                try {
                    SelectionMode.parse(target.selectionMode());
                } catch (IllegalArgumentException e) {
                    problem(JsonPaths.field(path, "selectionMode"), e.getMessage());
                }
            }
        }

        private void action(String name, ExperimentAction action, String path) {
            String actionId = action.actionId();
            if (actionId == null || actionId.isBlank()) {
                problem(JsonPaths.field(path, "actionId"), "missing actionId");
                return;
            }
            // Whether the action takes these target keys, of these types, is the FIS catalogue's to judge.
            action.targets().forEach((key, targetName) -> {
                if (!template.targets().containsKey(targetName)) {
                    problem(JsonPaths.field(JsonPaths.field(path, "targets"), key),
                            "target '" + targetName + "' is not defined in $.targets");
                }
            });
            for (int i = 0; i < action.startAfter().size(); i++) {
                String predecessor = action.startAfter().get(i);
                if (!template.actions().containsKey(predecessor)) {
                    problem(JsonPaths.index(JsonPaths.field(path, "startAfter"), i),
                            "startAfter names unknown action '" + predecessor + "'");
                } else if (predecessor.equals(name)) {
                    problem(JsonPaths.index(JsonPaths.field(path, "startAfter"), i),
                            "action '" + name + "' cannot start after itself");
                }
            }
        }

        private void startAfterCycles() {
            Set<String> done = new HashSet<>();
            Set<Set<String>> reported = new HashSet<>();
            for (String start : template.actions().keySet()) {
                walk(start, new ArrayDeque<>(), done, reported);
            }
        }

        private void walk(String name, Deque<String> stack, Set<String> done, Set<Set<String>> reported) {
            if (done.contains(name) || !template.actions().containsKey(name)) {
                return;
            }
            if (stack.contains(name)) {
                List<String> cycle = new ArrayList<>();
                boolean in = false;
                for (Iterator<String> it = stack.descendingIterator(); it.hasNext(); ) {
                    String step = it.next();
                    in |= step.equals(name);
                    if (in) {
                        cycle.add(step);
                    }
                }
                if (cycle.size() > 1 && reported.add(new HashSet<>(cycle))) {
                    cycle.add(name);
                    problem(JsonPaths.field(JsonPaths.field(JsonPaths.field(JsonPaths.ROOT, "actions"), name), "startAfter"),
                            "startAfter cycle: " + String.join(" -> ", cycle));
                }
                return;
            }
            stack.push(name);
            for (String predecessor : template.actions().get(name).startAfter()) {
                if (!predecessor.equals(name)) { // self-reference is reported on its own
                    walk(predecessor, stack, done, reported);
                }
            }
            stack.pop();
            done.add(name);
        }

        private void stopConditions() {
            problems.addAll(stopConditionProblems(template.source(), template.stopConditions()));
        }

        private void options() {
            ExperimentOptions options = template.experimentOptions();
            String path = JsonPaths.field(JsonPaths.ROOT, "experimentOptions");
            if (!EMPTY_TARGET_MODES.contains(options.emptyTargetResolutionMode())) {
                problem(JsonPaths.field(path, "emptyTargetResolutionMode"), "emptyTargetResolutionMode '"
                        + options.emptyTargetResolutionMode() + "' is not 'fail' or 'skip'");
            }
            if (!ACCOUNT_TARGETING.contains(options.accountTargeting())) {
                problem(JsonPaths.field(path, "accountTargeting"), "accountTargeting '"
                        + options.accountTargeting() + "' is not 'single-account' or 'multi-account'");
            }
        }
    }
}

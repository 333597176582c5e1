package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.chaos.template.ExperimentOptions;
import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.Placeholder;
import dev.gameday.core.config.Placeholders;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.SelectionMode;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TargetFilter;
import dev.gameday.chaos.template.TemplateException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an experiment template before anything starts: known action ids, target roles and
 * resource types, references between actions and targets, {@code startAfter} order, selection,
 * durations, stop conditions and unfilled placeholders. Every problem names the file, the JSON
 * path and the reason; all of them are reported at once.
 *
 * <p>Run it on a {@linkplain ExperimentTemplate#fill(java.util.Map) filled} template: an
 * unfilled {@code ${name}} is itself a problem.
 */
public final class TemplateValidator {

    private static final Set<String> STOP_CONDITION_SOURCES = Set.of(StopCondition.NONE, StopCondition.CLOUDWATCH_ALARM);
    private static final Set<String> EMPTY_TARGET_MODES = Set.of("fail", "skip");
    private static final Set<String> ACCOUNT_TARGETING = Set.of("single-account", "multi-account");

    private TemplateValidator() {
    }

    /**
     * Returns {@code template} if it is valid.
     *
     * @throws TemplateException listing every problem found
     */
    public static ExperimentTemplate validate(ExperimentTemplate template) {
        List<Problem> problems = problems(template);
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return template;
    }

    /** Every problem with {@code template}; empty when it is valid. */
    public static List<Problem> problems(ExperimentTemplate template) {
        return new Check(template).run();
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
            for (Placeholder placeholder : template.placeholders()) {
                problem(placeholder.path(), "unfilled placeholder ${" + placeholder.name() + "}");
            }
            return problems;
        }

        private void target(String name, ExperimentTarget target, String path) {
            String type = target.resourceType();
            if (type == null || type.isBlank()) {
                problem(JsonPaths.field(path, "resourceType"), "missing resourceType");
            }
            boolean arns = !target.resourceArns().isEmpty();
            boolean tags = !target.resourceTags().isEmpty();
            Set<String> parameterNames = FisActions.targetParameters(type);
            if (arns && tags) {
                problem(path, "target '" + name + "' sets both resourceArns and resourceTags; FIS takes one of them");
            } else if (!arns && !tags && target.parameters().isEmpty()) {
                problem(path, "target '" + name + "' selects no resources: set resourceArns or resourceTags"
                        + (parameterNames.isEmpty() ? "" : " or parameters " + new TreeSet<>(parameterNames)));
            }
            target.parameters().keySet().forEach(parameter -> {
                if (!parameterNames.contains(parameter)) {
                    problem(JsonPaths.field(JsonPaths.field(path, "parameters"), parameter),
                            parameterNames.isEmpty()
                                    ? "targets of type '" + type + "' take no parameters"
                                    : "unknown parameter '" + parameter + "' for targets of type '" + type
                                            + "' (known: " + String.join(", ", new TreeSet<>(parameterNames)) + ")");
                }
            });
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
            Optional<ActionSpec> found = FisActions.find(actionId);
            if (found.isEmpty()) {
                problem(JsonPaths.field(path, "actionId"), "unknown action id '" + actionId + "'");
                // Without the spec, roles and durations cannot be judged; references still can.
                action.targets().forEach((role, targetName) -> reference(targetName,
                        JsonPaths.field(JsonPaths.field(path, "targets"), role)));
            } else {
                ActionSpec spec = found.get();
                roles(action, spec, path);
                durations(action, spec, path);
            }
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

        private void roles(ExperimentAction action, ActionSpec spec, String path) {
            String targetsPath = JsonPaths.field(path, "targets");
            action.targets().forEach((role, targetName) -> {
                String rolePath = JsonPaths.field(targetsPath, role);
                String wanted = spec.targetRoles().get(role);
                if (wanted == null) {
                    problem(rolePath, spec.targetRoles().isEmpty()
                            ? "action '" + spec.actionId() + "' takes no targets"
                            : "action '" + spec.actionId() + "' takes no target role '" + role + "' (it takes: "
                                    + String.join(", ", spec.targetRoles().keySet()) + ")");
                    reference(targetName, rolePath);
                    return;
                }
                ExperimentTarget target = reference(targetName, rolePath);
                if (target != null && target.resourceType() != null && !wanted.equals(target.resourceType())) {
                    problem(rolePath, "target '" + targetName + "' is of resource type '" + target.resourceType()
                            + "' but '" + spec.actionId() + "' needs '" + wanted + "' for " + role);
                }
            });
            spec.targetRoles().forEach((role, type) -> {
                if (!action.targets().containsKey(role)) {
                    problem(targetsPath, "action '" + spec.actionId() + "' needs a target for role '" + role
                            + "' (of resource type '" + type + "')");
                }
            });
        }

        /** The target named by an action's role, reporting a dangling reference. */
        private ExperimentTarget reference(String targetName, String rolePath) {
            ExperimentTarget target = template.targets().get(targetName);
            if (target == null) {
                problem(rolePath, "target '" + targetName + "' is not defined in $.targets");
            }
            return target;
        }

        private void durations(ExperimentAction action, ActionSpec spec, String path) {
            for (String parameter : spec.durationParameters()) {
                String value = action.parameters().get(parameter);
                if (value == null || Placeholders.holdsAny(value)) {
                    continue; // absent means FIS's default; a placeholder is reported as unfilled
                }
                String parameterPath = JsonPaths.field(JsonPaths.field(path, "parameters"), parameter);
                Duration duration;
                try {
                    duration = Duration.parse(value);
                } catch (DateTimeParseException e) {
                    problem(parameterPath, parameter + " '" + value + "' is not an ISO-8601 duration such as PT5M");
                    continue;
                }
                if (duration.compareTo(spec.minDuration()) < 0 || duration.compareTo(spec.maxDuration()) > 0) {
                    problem(parameterPath, parameter + " '" + value + "' is outside what FIS accepts for '"
                            + spec.actionId() + "' (" + spec.minDuration() + " to " + spec.maxDuration() + ")");
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
            String path = JsonPaths.field(JsonPaths.ROOT, "stopConditions");
            if (template.stopConditions().isEmpty()) {
                problem(path, "missing stopConditions: FIS needs at least [{\"source\": \"none\"}]");
            }
            for (int i = 0; i < template.stopConditions().size(); i++) {
                StopCondition condition = template.stopConditions().get(i);
                String conditionPath = JsonPaths.index(path, i);
                if (!STOP_CONDITION_SOURCES.contains(condition.source())) {
                    problem(JsonPaths.field(conditionPath, "source"), "stop condition source '" + condition.source()
                            + "' is not 'none' or 'aws:cloudwatch:alarm'");
                } else if (condition.isAlarm() && (condition.value() == null || condition.value().isBlank())) {
                    problem(JsonPaths.field(conditionPath, "value"),
                            "an aws:cloudwatch:alarm stop condition needs the alarm ARN as value");
                }
            }
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

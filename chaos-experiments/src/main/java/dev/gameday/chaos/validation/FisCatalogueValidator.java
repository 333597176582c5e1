package dev.gameday.chaos.validation;

import dev.gameday.chaos.actions.FisAction;
import dev.gameday.chaos.actions.FisCatalogue;
import dev.gameday.chaos.actions.FisParameter;
import dev.gameday.chaos.actions.FisResourceType;
import dev.gameday.chaos.actions.FisTargetKey;
import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.TemplatePlaceholders;
import dev.gameday.chaos.template.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges a template's actions and targets against everything FIS has ({@link FisCatalogue}):
 * action ids, target keys and their resource types, action parameters (names, types, ranges,
 * required ones), target resource types and their parameters, and the ways an action lets its
 * targets be selected. What FIS would refuse is a problem; an action FIS accepts that the local
 * platform does not play is reported apart, as AWS-only.
 *
 * <p>It does not repeat {@link TemplateValidator}'s checks of the template's structure
 * (description, references between actions and targets, {@code startAfter}, selection modes,
 * filters, stop conditions, options, values to fill): a dangling reference or a value still to
 * fill ({@code ${zone}}, {@code <YOUR AWS ACCOUNT>}) is left to those. {@link TemplateValidator#verdict}
 * joins both.
 */
public final class FisCatalogueValidator {

    private static final String RESOURCE_ARNS = "resourceArns";
    private static final String RESOURCE_TAGS = "resourceTags";
    private static final String PARAMETERS = "parameters";

    private final FisCatalogue catalogue;

    /** @param catalogue what FIS has; what the local platform plays is {@link LocalActions}'s */
    public FisCatalogueValidator(FisCatalogue catalogue) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    }

    /** The verdict on {@code template}. */
    public FisVerdict check(ExperimentTemplate template) {
        Check check = new Check(template);
        String targets = JsonPaths.field(JsonPaths.ROOT, "targets");
        template.targets().forEach((name, target) -> check.target(target, JsonPaths.field(targets, name)));
        String actions = JsonPaths.field(JsonPaths.ROOT, "actions");
        template.actions().forEach((name, action) -> check.action(name, action, JsonPaths.field(actions, name)));
        return new FisVerdict(check.problems, List.of(), check.awsOnly, check.localOnly);
    }

    private final class Check {
        private final ExperimentTemplate template;
        private final List<Problem> problems = new ArrayList<>();
        private final List<FisVerdict.AwsOnlyAction> awsOnly = new ArrayList<>();
        private final List<FisVerdict.AwsOnlyAction> localOnly = new ArrayList<>();

        Check(ExperimentTemplate template) {
            this.template = template;
        }

        private void problem(String path, String message) {
            problems.add(new Problem(template.source(), path, message));
        }

        void target(ExperimentTarget target, String path) {
            if (target == null || target.resourceType() == null || target.resourceType().isBlank()) {
                return; // TemplateValidator reports a missing resourceType
            }
            Optional<FisResourceType> found = catalogue.resourceType(target.resourceType());
            if (found.isEmpty()) {
                problem(JsonPaths.field(path, "resourceType"), "unknown resource type '" + target.resourceType()
                        + "' (FIS has: " + catalogue.resourceTypes().stream().map(FisResourceType::id)
                        .collect(Collectors.joining(", ")) + ")");
                return;
            }
            FisResourceType type = found.get();
            String parametersPath = JsonPaths.field(path, PARAMETERS);
            target.parameters().forEach((name, value) -> {
                String at = JsonPaths.field(parametersPath, name);
                Optional<FisParameter> parameter = type.parameter(name);
                if (parameter.isEmpty()) {
                    problem(at, type.parameters().isEmpty()
                            ? "targets of type '" + type.id() + "' take no parameters"
                            : "unknown parameter '" + name + "' for targets of type '" + type.id() + "' (known: "
                                    + names(type.parameters()) + ")");
                } else {
                    value(parameter.get(), value, at);
                }
            });
            required(type.parameters(), target.parameters(), parametersPath, "targets of type '" + type.id() + "'");
        }

        void action(String actionName, ExperimentAction action, String path) {
            if (action == null || action.actionId() == null || action.actionId().isBlank()) {
                return; // TemplateValidator reports a missing actionId
            }
            Optional<FisAction> local = LocalActions.localOnly(action.actionId());
            Optional<FisAction> found = catalogue.action(action.actionId()).or(() -> local);
            if (found.isEmpty()) {
                problem(JsonPaths.field(path, "actionId"), "unknown action id '" + action.actionId()
                        + "': FIS has no such action");
                return;
            }
            FisAction spec = found.get();
            targets(action, spec, JsonPaths.field(path, "targets"));
            String parametersPath = JsonPaths.field(path, PARAMETERS);
            action.parameters().forEach((name, value) -> {
                String at = JsonPaths.field(parametersPath, name);
                Optional<FisParameter> parameter = spec.parameter(name);
                if (parameter.isEmpty()) {
                    problem(at, spec.parameters().isEmpty()
                            ? "action '" + spec.id() + "' takes no parameters"
                            : "unknown parameter '" + name + "' for action '" + spec.id() + "' (it takes: "
                                    + names(spec.parameters()) + ")");
                } else {
                    value(parameter.get(), value, at);
                }
            });
            required(spec.parameters(), action.parameters(), parametersPath, "action '" + spec.id() + "'");
            LocalActions.whyNot(action).ifPresent(why ->
                    awsOnly.add(new FisVerdict.AwsOnlyAction(path, actionName, spec.id(), why)));
            local.ifPresent(l -> localOnly.add(new FisVerdict.AwsOnlyAction(path, actionName, l.id(),
                    "FIS has no such action; " + l.notes())));
        }

        private void targets(ExperimentAction action, FisAction spec, String targetsPath) {
            action.targets().forEach((key, targetName) -> {
                String at = JsonPaths.field(targetsPath, key);
                Optional<FisTargetKey> wanted = spec.target(key);
                if (wanted.isEmpty()) {
                    problem(at, spec.targets().isEmpty()
                            ? "action '" + spec.id() + "' takes no targets"
                            : "action '" + spec.id() + "' takes no target '" + key + "' (it takes: "
                                    + spec.targets().stream().map(FisTargetKey::key).collect(Collectors.joining(", ")) + ")");
                    return;
                }
                ExperimentTarget target = template.targets().get(targetName);
                if (target == null || target.resourceType() == null) {
                    return; // a dangling reference is TemplateValidator's to report
                }
                FisTargetKey wantedKey = wanted.get();
                if (!wantedKey.resourceTypes().contains(target.resourceType())) {
                    problem(at, "target '" + targetName + "' is of resource type '" + target.resourceType() + "' but '"
                            + spec.id() + "' needs " + String.join(" or ", quoted(wantedKey.resourceTypes())) + " for " + key);
                    return;
                }
                selection(spec, wantedKey, targetName, target);
            });
            for (FisTargetKey key : spec.targets()) {
                if (key.required() && !action.targets().containsKey(key.key())) {
                    problem(targetsPath, "action '" + spec.id() + "' needs a target for '" + key.key() + "' (of resource type "
                            + String.join(" or ", quoted(key.resourceTypes())) + ")");
                }
            }
        }

        /** The ways an action lets a target select its resources (e.g. S3 buckets by tags only). */
        private void selection(FisAction spec, FisTargetKey key, String targetName, ExperimentTarget target) {
            String path = JsonPaths.field(JsonPaths.field(JsonPaths.ROOT, "targets"), targetName);
            if (!key.selectBy().isEmpty()) {
                Map<String, Boolean> used = Map.of(
                        RESOURCE_ARNS, !target.resourceArns().isEmpty(),
                        RESOURCE_TAGS, !target.resourceTags().isEmpty(),
                        PARAMETERS, !target.parameters().isEmpty(),
                        "filters", !target.filters().isEmpty());
                used.forEach((how, isUsed) -> {
                    if (isUsed && !key.selectBy().contains(how)) {
                        problem(JsonPaths.field(path, how), "'" + spec.id() + "' selects its " + key.key() + " by "
                                + String.join(" or ", key.selectBy()) + " only, not by " + how);
                    }
                });
            }
            if (key.maxArns() != null && target.resourceArns().size() > key.maxArns()) {
                problem(JsonPaths.field(path, RESOURCE_ARNS), "'" + spec.id() + "' takes at most " + key.maxArns()
                        + " ARN(s) for " + key.key() + ", found " + target.resourceArns().size());
            }
        }

        private void value(FisParameter parameter, String value, String path) {
            if (TemplatePlaceholders.holdsValueToFill(value)) {
                return; // a value to fill is reported as such by TemplateValidator, not as a bad value
            }
            parameter.type().check(parameter, value).ifPresent(why ->
                    problem(path, parameter.name() + " '" + value + "' " + why));
        }

        private void required(List<FisParameter> parameters, Map<String, String> given, String path, String owner) {
            for (FisParameter p : parameters) {
                if (given.containsKey(p.name())) {
                    continue;
                }
                boolean conditional = !p.requiredWhen().isEmpty() && p.requiredWhen().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(given.get(e.getKey())));
                if (p.required() || conditional) {
                    problem(path, "missing required parameter '" + p.name() + "' (" + p.type().name().toLowerCase(Locale.ROOT)
                            + ") for " + owner + (conditional ? " when " + p.requiredWhen() : ""));
                }
            }
        }
    }

    private static String names(List<FisParameter> parameters) {
        return parameters.stream().map(FisParameter::name).collect(Collectors.joining(", "));
    }

    private static List<String> quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").toList();
    }
}

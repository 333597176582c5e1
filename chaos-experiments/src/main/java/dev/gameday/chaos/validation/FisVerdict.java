package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.ValueToFill;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdict on a template ({@link TemplateValidator#verdict}): {@link Kind#INVALID} when FIS would
 * refuse it (the problems say where and why), {@link Kind#VALID_AWS_ONLY} when FIS accepts it but the
 * local platform cannot play some of its actions, {@link Kind#VALID} when both can run it. Values
 * still to fill ({@code ${zone}}, {@code <YOUR AWS ACCOUNT>}) are kept apart: {@code validate} lists
 * them, a run refuses them ({@link #requireRunnable}).
 *
 * @param problems what FIS would refuse, each with file, JSON path and reason
 * @param toFill   values still to fill, in document order
 * @param awsOnly   the actions FIS runs and the local platform does not, in template order
 * @param localOnly the local-only actions ({@code gameday:local:…}) the local platform plays and FIS does not have;
 *                  the reason of each says what comes closest on AWS
 */
public record FisVerdict(List<Problem> problems, List<ValueToFill> toFill, List<AwsOnlyAction> awsOnly,
                         List<AwsOnlyAction> localOnly) {

    /** The verdicts, from worst to best. */
    public enum Kind { INVALID, VALID_AWS_ONLY, VALID_LOCAL_ONLY, VALID }

    /**
     * An action FIS accepts that the local platform has no effect for.
     *
     * @param path     JSON path of the action, e.g. {@code $.actions.terminate}
     * @param name     the action's name in the template, e.g. {@code terminate}
     * @param actionId e.g. {@code aws:ec2:terminate-instances}
     * @param reason   why it plays on AWS only, e.g. "the local platform has no effect for it"
     */
    public record AwsOnlyAction(String path, String name, String actionId, String reason) {

        /** The line {@code validate} prints for it. */
        public String line() {
            return "plays on AWS only: " + actionId + " (action '" + name + "'): " + reason;
        }
    }

    public FisVerdict {
        problems = List.copyOf(problems);
        toFill = List.copyOf(toFill);
        awsOnly = List.copyOf(awsOnly);
        localOnly = List.copyOf(localOnly);
    }

    /** Which this is; problems win over AWS-only actions, and those over local-only ones. Values to fill do not count. */
    public Kind kind() {
        if (!problems.isEmpty()) {
            return Kind.INVALID;
        }
        if (!awsOnly.isEmpty()) {
            return Kind.VALID_AWS_ONLY;
        }
        return localOnly.isEmpty() ? Kind.VALID : Kind.VALID_LOCAL_ONLY;
    }

    /**
     * Refuses, for the AWS target, a template with a local-only action ({@code gameday:local:…}): FIS
     * has no such action. Names each one and what comes closest on AWS.
     *
     * @param experiment the experiment's name, for the message
     * @throws IllegalArgumentException naming the local-only actions
     */
    public void requirePlayableOnAws(String experiment) {
        if (!localOnly.isEmpty()) {
            throw new IllegalArgumentException("experiment " + experiment + " cannot run on AWS: "
                    + localOnly.stream().map(a -> "plays locally only: " + a.actionId() + " (action '" + a.name() + "'): "
                    + a.reason()).collect(Collectors.joining("; "))
                    + "; run it on the local target, or write an AWS experiment with an announced fault");
        }
    }

    /**
     * The values still to fill as problems, but for {@code standIns} (values a check fills in for what
     * only a target knows, such as {@code <zone>}).
     */
    public List<Problem> unfilled(String file, Set<String> standIns) {
        return toFill.stream().filter(v -> !standIns.contains(v.written()))
                .map(v -> new Problem(file, v.path(), v.written().startsWith("$")
                        ? "unfilled placeholder " + v.written()
                        : "value to fill: " + v.written() + " is written for people to replace"))
                .toList();
    }

    /**
     * Refuses a template that cannot be sent as it is: FIS would refuse it, or a value is still to fill.
     *
     * @param file     the template's file, for the problems about values to fill
     * @param standIns values a check without a target stands in, not refused
     * @throws TemplateException listing every problem
     */
    public void requireRunnable(String file, Set<String> standIns) {
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(unfilled(file, standIns));
        if (!all.isEmpty()) {
            throw new TemplateException(all);
        }
    }

    /**
     * Refuses, for the local target, a template with an action the local platform does not play,
     * naming each such action and the local alternative, if any.
     *
     * @param experiment the experiment's name, for the message
     * @throws IllegalArgumentException naming the AWS-only actions
     */
    public void requirePlayableLocally(String experiment) {
        if (!awsOnly.isEmpty()) {
            throw new IllegalArgumentException("experiment " + experiment + " cannot run on the local target: "
                    + awsOnly.stream().map(a -> a.line() + "; local alternative: " + LocalActions.alternative(a.actionId()))
                    .collect(Collectors.joining("; "))
                    + " (the local platform plays " + LocalActions.list() + "); run it with --target <aws target file>");
        }
    }
}

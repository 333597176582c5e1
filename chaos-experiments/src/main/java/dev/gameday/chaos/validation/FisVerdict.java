package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.Problem;

import java.util.List;

/**
 * What the FIS catalogue says of a template: {@link Kind#INVALID} when FIS would refuse it
 * (the problems say where and why), {@link Kind#VALID_AWS_ONLY} when FIS accepts it but the local
 * platform cannot play some of its actions, {@link Kind#VALID} when both can run it.
 *
 * @param problems what FIS would refuse, each with file, JSON path and reason
 * @param awsOnly  the actions FIS runs and the local platform does not, in template order
 */
public record FisVerdict(List<Problem> problems, List<AwsOnlyAction> awsOnly) {

    /** The three verdicts, from worst to best. */
    public enum Kind { INVALID, VALID_AWS_ONLY, VALID }

    /**
     * An action FIS accepts that the local platform has no effect for.
     *
     * @param path     JSON path of the action, e.g. {@code $.actions.terminate}
     * @param actionId e.g. {@code aws:ec2:terminate-instances}
     * @param reason   why it plays on AWS only, for the line {@code validate} prints
     */
    public record AwsOnlyAction(String path, String actionId, String reason) {
    }

    public FisVerdict {
        problems = List.copyOf(problems);
        awsOnly = List.copyOf(awsOnly);
    }

    /** Which of the three this is; problems win over AWS-only actions. */
    public Kind kind() {
        if (!problems.isEmpty()) {
            return Kind.INVALID;
        }
        return awsOnly.isEmpty() ? Kind.VALID : Kind.VALID_AWS_ONLY;
    }
}

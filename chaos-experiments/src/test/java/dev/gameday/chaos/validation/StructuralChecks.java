package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;

import java.util.List;

/**
 * {@link TemplateValidator}'s problems other than those its short list of locally played actions
 * makes (unknown action id, targets that "take no parameters", unknown parameters, durations it
 * bounds for every action alike). Until it delegates action knowledge to the FIS catalogue, this
 * is how a test shows a template is structurally sound.
 */
final class StructuralChecks {

    private StructuralChecks() {
    }

    static List<Problem> problems(ExperimentTemplate template) {
        return TemplateValidator.problems(template).stream()
                .filter(p -> !(p.message().startsWith("unknown action id")
                        || p.message().contains("take no parameters")
                        || p.message().startsWith("unknown parameter")
                        || p.message().contains("selects no resources")
                        || p.message().contains("outside what FIS accepts")))
                .toList();
    }
}

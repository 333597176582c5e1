package dev.gameday.chaos.template;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a template's {@code actions}: a FIS action and what it acts on.
 *
 * @param actionId    e.g. {@code aws:ecs:stop-task}
 * @param description free text; may be {@code null}
 * @param parameters  action parameters, all strings as FIS takes them (e.g. {@code duration: PT5M})
 * @param targets     target role → target name, e.g. {@code {"Tasks": "zoneTasks"}}
 * @param startAfter  names of actions that must complete before this one starts
 */
public record ExperimentAction(
        String actionId,
        String description,
        Map<String, String> parameters,
        Map<String, String> targets,
        List<String> startAfter) {

    public ExperimentAction {
        parameters = Maps.ordered(parameters);
        targets = Maps.ordered(targets);
        startAfter = List.copyOf(startAfter);
    }

    /**
     * A duration parameter (e.g. {@code duration}) as a {@link Duration}; empty when the action
     * does not set it.
     *
     * @throws IllegalArgumentException if it is set but is not ISO-8601 (validation reports this first)
     */
    public Optional<Duration> duration(String parameter) {
        String value = parameters.get(parameter);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + " '" + value + "' is not an ISO-8601 duration", e);
        }
    }
}

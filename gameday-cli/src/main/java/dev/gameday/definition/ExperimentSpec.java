package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;

import java.time.Duration;
import java.util.Map;

/**
 * The fault of a game day (the {@code experiment:} section): which FIS template, when, with what.
 *
 * @param template   a catalogue name ({@code ecs-stop-task}) or a path to a template file
 * @param startPhase the phase at whose start the experiment starts (normally {@code fault})
 * @param delay      how long after that phase's start
 * @param parameters values for the template's {@code ${…}} placeholders (the target's own are added)
 * @param source     the {@code template} field as written, so errors about the template can name its line
 */
public record ExperimentSpec(String template, String startPhase, Duration delay, Map<String, String> parameters,
                             ConfigNode source) {

    public ExperimentSpec {
        parameters = Map.copyOf(parameters);
    }
}

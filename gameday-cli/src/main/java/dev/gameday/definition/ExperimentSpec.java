package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fault of a game day (the {@code experiment:} section): which FIS template, when, with what.
 *
 * @param template   a catalogue name ({@code ecs-stop-task}) or a path to a template file
 * @param startPhase the phase at whose start the experiment starts (normally {@code fault})
 * @param delay      how long after that phase's start
 * @param parameters values for the template's {@code ${…}} placeholders (the target's own are added)
 * @param source     the {@code template} field as written, so errors about the template can name its line
 * @param requireSteady the SLOs that must hold over the {@code steady} phase for the experiment to
 *                      start ({@code requireSteady:}); empty for none
 * @param requireSteadySource the {@code requireSteady} field as written (errors name its line), or
 *                            {@code null} when absent
 */
public record ExperimentSpec(String template, String startPhase, Duration delay, Map<String, String> parameters,
                             ConfigNode source, List<String> requireSteady, ConfigNode requireSteadySource) {

    /**
     * What only the target decides, refused in a game day's {@code parameters} (and in {@code --set}):
     * the placeholders the target fills and the target file's own fields. Otherwise a game day could
     * point FIS at another account, region, role or deployment than the target file declares. A game
     * day may still choose its {@code zone} (one of the target's).
     */
    public static final List<String> TARGET_OWNED = List.of("loadBalancer", "targetGroup", "cluster", "service",
            "dbCluster", "dbInstance", "region", "account", "zones", "queue", "roleArn", "fisRoleArn",
            "allowedAccounts", "subnetTags", "database", "ecs", "alarms", "stopConditionAlarms", "allowNoStopCondition",
            "endpoints", "baseUrl");

    public ExperimentSpec {
        parameters = Map.copyOf(parameters);
        requireSteady = requireSteady == null ? List.of() : List.copyOf(requireSteady);
    }

    /** An experiment without a steady-state gate. */
    public ExperimentSpec(String template, String startPhase, Duration delay, Map<String, String> parameters,
                          ConfigNode source) {
        this(template, startPhase, delay, parameters, source, List.of(), null);
    }
}

package dev.gameday.core.fault;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Objects;

/**
 * What a game day asks a {@link FaultInjector} to run: an experiment template in AWS FIS's own
 * JSON shape, its placeholders already filled, plus the parameters that filled them.
 *
 * @param name       the template's catalogue name, e.g. {@code ecs-stop-task}
 * @param template   the FIS experiment template (the {@code create-experiment-template} JSON)
 * @param parameters the game-day parameters used to fill it (kept for events and reports)
 */
public record ExperimentRequest(String name, JsonNode template, Map<String, String> parameters) {

    public ExperimentRequest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}

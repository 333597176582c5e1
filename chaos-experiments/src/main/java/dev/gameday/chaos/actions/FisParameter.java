package dev.gameday.chaos.actions;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One parameter of a FIS action or of a target resource type, as the FIS documentation gives it.
 *
 * @param name         as written in a template, e.g. {@code duration}
 * @param type         the kind of value it takes
 * @param required     whether FIS refuses an action or target without it
 * @param min          inclusive lower bound (a number, or an ISO-8601 duration for durations); {@code null} for none
 * @param max          inclusive upper bound, likewise
 * @param values       the allowed values of an enum, or of each item of a list; empty for any
 * @param maxItems     the most items a list takes; {@code null} for no limit
 * @param defaultValue FIS's default when absent, as documented; {@code null} when none is given
 * @param requiredWhen other parameter → value that makes this one required (e.g. {@code scope → prefix-list})
 * @param description  what it means
 * @param notes        where the documentation is ambiguous and what was decided; may be {@code null}
 */
public record FisParameter(
        String name,
        ParameterType type,
        boolean required,
        String min,
        String max,
        List<String> values,
        Integer maxItems,
        @JsonProperty("default") String defaultValue,
        Map<String, String> requiredWhen,
        String description,
        String notes) {

    public FisParameter {
        values = values == null ? List.of() : List.copyOf(values);
        requiredWhen = requiredWhen == null ? Map.of() : Map.copyOf(requiredWhen);
    }
}

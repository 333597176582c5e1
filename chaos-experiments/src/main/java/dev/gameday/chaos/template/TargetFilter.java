package dev.gameday.chaos.template;

import java.util.List;

/**
 * A FIS target filter: the resource attribute at {@code path} must equal one of {@code values}.
 * Values of one filter are OR-ed; several filters of a target are AND-ed.
 */
public record TargetFilter(String path, List<String> values) {

    public TargetFilter {
        values = List.copyOf(values);
    }
}

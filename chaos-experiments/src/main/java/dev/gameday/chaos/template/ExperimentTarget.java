package dev.gameday.chaos.template;

import java.util.List;
import java.util.Map;

/**
 * One entry of a template's {@code targets}: which resources of a type an action acts on.
 * FIS takes {@code resourceArns} or {@code resourceTags} (or, for some types such as
 * {@code aws:ecs:task}, {@code parameters}), narrowed by {@code filters} and then by the
 * {@code selectionMode}.
 *
 * @param resourceType  e.g. {@code aws:ecs:task}
 * @param resourceArns  explicit ARNs; empty when not given
 * @param resourceTags  tags every selected resource must carry; empty when not given
 * @param filters       attribute filters, AND-ed
 * @param parameters    type-specific selection parameters (ECS tasks: {@code cluster}, {@code service})
 * @param selectionMode FIS's spelling as written ({@code ALL}, {@code COUNT(1)}, …); {@code null} means ALL.
 *                      Kept as text so a bad value is reported by validation with its path;
 *                      see {@link #selection()}.
 */
public record ExperimentTarget(
        String resourceType,
        List<String> resourceArns,
        Map<String, String> resourceTags,
        List<TargetFilter> filters,
        Map<String, String> parameters,
        String selectionMode) {

    public ExperimentTarget {
        resourceArns = List.copyOf(resourceArns);
        resourceTags = Maps.ordered(resourceTags);
        filters = List.copyOf(filters);
        parameters = Maps.ordered(parameters);
    }

    /**
     * The parsed selection mode.
     *
     * @throws IllegalArgumentException if it is not one FIS knows (validation reports this first)
     */
    public SelectionMode selection() {
        return SelectionMode.parse(selectionMode);
    }
}

package dev.gameday.chaos.resolution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one action of an experiment would hit.
 *
 * @param name     the action's name in the template
 * @param actionId e.g. {@code aws:ecs:stop-task}
 * @param targets  target role → the resources resolved for it
 * @param skipped  whether the action would be skipped because a target resolved to nothing
 *                 (only with {@code emptyTargetResolutionMode: skip})
 */
public record ActionImpact(String name, String actionId, Map<String, List<Resource>> targets, boolean skipped) {

    public ActionImpact {
        Map<String, List<Resource>> copy = new LinkedHashMap<>();
        targets.forEach((role, resources) -> copy.put(role, List.copyOf(resources)));
        targets = Collections.unmodifiableMap(copy);
    }

    /** Every resource the action hits, over all its roles. */
    public List<Resource> resources() {
        return targets.values().stream().flatMap(List::stream).toList();
    }
}

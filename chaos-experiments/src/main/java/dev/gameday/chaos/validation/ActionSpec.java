package dev.gameday.chaos.validation;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the harness knows about one FIS action: the target roles it takes (role → resource type)
 * and which of its parameters are ISO-8601 durations, with the range FIS accepts for them.
 *
 * @param actionId           e.g. {@code aws:ecs:stop-task}
 * @param targetRoles        role → resource type, e.g. {@code Tasks → aws:ecs:task}; every role is required
 * @param durationParameters names of parameters that hold an ISO-8601 duration
 * @param minDuration        the shortest duration FIS accepts for them
 * @param maxDuration        the longest duration FIS accepts for them
 */
public record ActionSpec(
        String actionId,
        Map<String, String> targetRoles,
        Set<String> durationParameters,
        Duration minDuration,
        Duration maxDuration) {

    /** FIS's usual bounds for a duration parameter. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(1);
    /** FIS's usual bounds for a duration parameter. */
    public static final Duration MAX_DURATION = Duration.ofHours(12);

    public ActionSpec {
        targetRoles = Collections.unmodifiableMap(new LinkedHashMap<>(targetRoles));
        durationParameters = Set.copyOf(durationParameters);
    }

    /** An action taking one target role and, optionally, a {@code duration} in FIS's usual range. */
    static ActionSpec of(String actionId, String role, String resourceType, String... durationParameters) {
        Map<String, String> roles = role == null ? Map.of() : Map.of(role, resourceType);
        return new ActionSpec(actionId, roles, Set.of(durationParameters), MIN_DURATION, MAX_DURATION);
    }

    /** The same action with a different lower bound for its durations. */
    ActionSpec withMinDuration(Duration min) {
        return new ActionSpec(actionId, targetRoles, durationParameters, min, maxDuration);
    }
}

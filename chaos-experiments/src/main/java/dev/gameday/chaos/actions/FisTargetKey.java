package dev.gameday.chaos.actions;

import java.util.List;

/**
 * One target an action takes, by the key a template names it under in the action's
 * {@code targets} (e.g. {@code Instances}).
 *
 * @param key           e.g. {@code Instances}, {@code ReplicationGroups}
 * @param resourceTypes the resource types a target for this key may have
 * @param required      whether the action needs it
 * @param selectBy      the only ways a target for this key may select its resources
 *                      ({@code resourceArns}, {@code resourceTags}, {@code parameters}); empty when any is fine
 * @param maxArns       the most ARNs such a target may list; {@code null} for no limit
 * @param notes         documentation remarks; may be {@code null}
 */
public record FisTargetKey(
        String key,
        List<String> resourceTypes,
        boolean required,
        List<String> selectBy,
        Integer maxArns,
        String notes) {

    public FisTargetKey {
        resourceTypes = resourceTypes == null ? List.of() : List.copyOf(resourceTypes);
        selectBy = selectBy == null ? List.of() : List.copyOf(selectBy);
    }
}

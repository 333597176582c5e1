package dev.gameday.chaos.actions;

import java.util.List;
import java.util.Optional;

/**
 * One FIS action as the FIS actions reference documents it.
 *
 * @param id          e.g. {@code aws:ec2:terminate-instances}
 * @param description what it does
 * @param source      the documentation page (and anchor) it comes from
 * @param evidence    where the target key's name was seen in AWS documentation; may be {@code null}
 * @param targets     the targets it takes; empty for actions such as {@code aws:fis:wait}
 * @param parameters  the parameters it takes; FIS refuses any other
 * @param replacedBy  the current id when this one is a former name; {@code null} otherwise
 * @param notes       where the documentation is ambiguous and what was decided; may be {@code null}
 */
public record FisAction(
        String id,
        String description,
        String source,
        String evidence,
        List<FisTargetKey> targets,
        List<FisParameter> parameters,
        String replacedBy,
        String notes) {

    public FisAction {
        targets = targets == null ? List.of() : List.copyOf(targets);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** The target this action takes under {@code key}, if any. */
    public Optional<FisTargetKey> target(String key) {
        return targets.stream().filter(t -> t.key().equals(key)).findFirst();
    }

    /** The parameter of that name, if this action takes it. */
    public Optional<FisParameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

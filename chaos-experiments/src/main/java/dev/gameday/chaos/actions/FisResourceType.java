package dev.gameday.chaos.actions;

import java.util.List;
import java.util.Optional;

/**
 * A resource type a FIS target may have, as the FIS targets page documents it.
 *
 * @param id               e.g. {@code aws:elasticache:replicationgroup}
 * @param description      what it is
 * @param source           the documentation page it comes from
 * @param describeApi      the API FIS applies target filters to; {@code null} where the page names none
 * @param parameters       the target parameters it takes (e.g. {@code availabilityZoneIdentifier}); FIS refuses any other
 * @param parametersSource the page section the parameters come from; {@code null} when it takes none
 * @param notes            documentation remarks; may be {@code null}
 */
public record FisResourceType(
        String id,
        String description,
        String source,
        String describeApi,
        List<FisParameter> parameters,
        String parametersSource,
        String notes) {

    public FisResourceType {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** The target parameter of that name, if this type takes it. */
    public Optional<FisParameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}

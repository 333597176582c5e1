package dev.gameday.slo.spec;

import dev.gameday.core.config.PlaceholderUse;
import dev.gameday.core.config.Placeholders;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * SLOs parsed and validated once ({@link SloParser}), their {@code ${name}} placeholders kept as
 * written together with where each was written: the names are checked against the target's
 * parameter names before anything starts ({@link #requirePlaceholders}), and filled with the
 * target's values in one step once it is open ({@link #resolve}).
 *
 * @param slos         the SLOs in file order, placeholders in place
 * @param placeholders every value that holds a placeholder, with its file, line and path
 */
public record SloSpecs(List<Slo> slos, List<PlaceholderUse> placeholders) {

    public SloSpecs {
        slos = List.copyOf(slos);
        placeholders = List.copyOf(placeholders);
    }

    /**
     * Refuses a placeholder that names none of {@code parameterNames}, at the line it was written.
     *
     * @throws dev.gameday.core.config.ConfigException naming the placeholder and the names there are
     */
    public void requirePlaceholders(Collection<String> parameterNames) {
        Placeholders.requireKnown(placeholders, parameterNames);
    }

    /**
     * The SLOs with the target's values filled in.
     *
     * @throws dev.gameday.core.config.ConfigException at the first placeholder {@code parameters} cannot fill
     */
    public List<Slo> resolve(Map<String, String> parameters) {
        UnaryOperator<String> fill = Placeholders.filler(placeholders, parameters);
        return slos.stream().map(slo -> slo.resolve(fill)).toList();
    }
}

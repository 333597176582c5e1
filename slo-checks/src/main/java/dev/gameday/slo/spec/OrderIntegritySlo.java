package dev.gameday.slo.spec;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * No acknowledged order lost, none duplicated, none unexpected (FACTS.md, Jepsen set checker):
 * judged from the run's order ledger against the shop's audit, not from metrics.
 * YAML: {@code - {name: no-order-lost, kind: order-integrity}}.
 *
 * @param name        unique name
 * @param description for people; may be empty
 */
public record OrderIntegritySlo(String name, String description) implements Slo {

    public OrderIntegritySlo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }

    @Override
    public OrderIntegritySlo resolve(UnaryOperator<String> fill) {
        return new OrderIntegritySlo(name, fill.apply(description));
    }

    @Override
    public String kind() {
        return "order-integrity";
    }
}

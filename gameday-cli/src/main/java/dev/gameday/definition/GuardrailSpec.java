package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.config.PlaceholderUse;
import dev.gameday.core.config.Placeholders;
import dev.gameday.slo.spec.MetricRef;
import dev.gameday.slo.spec.SloParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A live safety limit of a game day (the {@code guardrails:} section): a metric, or a ratio of two,
 * over a trailing window, checked while the game day runs ({@code orchestration.GuardrailWatch}). A
 * breach aborts the run — experiment stopped, traffic stopped, verdict ABORTED — before a fault
 * hurts more than the game day may. Parsed once with the game day, its {@code ${name}} placeholders
 * kept; {@link #resolve}d with the target's values when the target opens.
 *
 * <pre>
 * guardrails:
 *   - name: shoppers-failing
 *     metric: { namespace: Gameday/Client, metric: KoCount }
 *     per:    { namespace: Gameday/Client, metric: RequestCount }   # optional: the value is metric ÷ per
 *     over: 15s
 *     max: 50%                                                      # a fraction with per:, else a number
 * </pre>
 *
 * @param name         names the breach in events and the abort reason
 * @param metric       what is measured (Sum unless a statistic is given)
 * @param per          the denominator, for a ratio
 * @param over         the trailing window
 * @param max          the largest acceptable value
 * @param placeholders where the metrics hold placeholders still to fill; empty once resolved
 */
public record GuardrailSpec(String name, MetricRef metric, Optional<MetricRef> per, Duration over, double max,
                            List<PlaceholderUse> placeholders) {

    public GuardrailSpec {
        placeholders = List.copyOf(placeholders);
    }

    /** Parses and validates one guardrail, placeholders kept. */
    public static GuardrailSpec parse(ConfigNode node) {
        node.allowOnly("name", "description", "metric", "per", "over", "max");
        List<PlaceholderUse> placeholders = new ArrayList<>();
        MetricRef metric = SloParser.parseMetric(node.get("metric"), placeholders);
        Optional<MetricRef> per = node.find("per").map(n -> SloParser.parseMetric(n, placeholders));
        Duration over = node.get("over").positiveDuration();
        if (over.toMillis() % 1000 != 0) {
            throw node.get("over").error("must be whole seconds, was " + node.get("over").text());
        }
        double max = per.isPresent() ? node.get("max").fraction() : node.get("max").number();
        return new GuardrailSpec(node.get("name").name(), metric, per, over, max, placeholders);
    }

    /**
     * This guardrail with the target's values filled in.
     *
     * @throws dev.gameday.core.config.ConfigException at the first placeholder {@code parameters} cannot fill
     */
    public GuardrailSpec resolve(Map<String, String> parameters) {
        UnaryOperator<String> fill = Placeholders.filler(placeholders, parameters);
        return new GuardrailSpec(name, metric.resolve(fill), per.map(p -> p.resolve(fill)), over, max, List.of());
    }

    /** A sentence for the event and the abort reason. */
    public String describeBreach(double value) {
        return per.isPresent()
                ? String.format("guardrail %s breached: %.1f%% over the last %ds > %.1f%%", name, value * 100,
                        over.toSeconds(), max * 100)
                : String.format("guardrail %s breached: %.3f over the last %ds > %.3f", name, value, over.toSeconds(), max);
    }
}

package dev.gameday.orchestration;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.spec.MetricRef;
import dev.gameday.slo.spec.SloParser;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A live safety limit of a game day (the {@code guardrails:} section): a metric, or a ratio of two,
 * over a trailing window, checked while the game day runs. A breach aborts the run — experiment
 * stopped, traffic stopped, verdict ABORTED — before a fault hurts more than the game day may.
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
 * @param name   names the breach in events and the abort reason
 * @param metric what is measured (Sum unless a statistic is given)
 * @param per    the denominator, for a ratio
 * @param over   the trailing window
 * @param max    the largest acceptable value
 */
public record Guardrail(String name, MetricRef metric, Optional<MetricRef> per, Duration over, double max) {

    /** Parses one guardrail, placeholders filled from {@code parameters}. */
    public static Guardrail parse(ConfigNode node, Map<String, String> parameters) {
        node.allowOnly("name", "description", "metric", "per", "over", "max");
        Optional<MetricRef> per = node.find("per").map(n -> SloParser.parseMetric(n, parameters));
        Duration over = node.get("over").positiveDuration();
        if (over.toMillis() % 1000 != 0) {
            throw node.get("over").error("must be whole seconds, was " + node.get("over").text());
        }
        double max = per.isPresent() ? node.get("max").fraction() : node.get("max").number();
        return new Guardrail(node.get("name").name(), SloParser.parseMetric(node.get("metric"), parameters), per,
                over, max);
    }

    /**
     * The value over {@code [now - over, now)}, or empty when there is nothing to judge yet (no data,
     * or a ratio with no denominator).
     */
    public OptionalDouble valueAt(Instant now, MetricsSource client, MetricsSource server) {
        // Whole seconds, so the window is exactly one period of the metric store.
        Instant to = now.truncatedTo(ChronoUnit.SECONDS);
        Instant from = to.minus(over);
        OptionalDouble value = read(metric, from, to, client, server);
        if (per.isEmpty() || value.isEmpty()) {
            return value;
        }
        OptionalDouble denominator = read(per.get(), from, to, client, server);
        return denominator.isEmpty() || denominator.getAsDouble() <= 0
                ? OptionalDouble.empty()
                : OptionalDouble.of(value.getAsDouble() / denominator.getAsDouble());
    }

    /** A sentence for the event and the abort reason. */
    public String describeBreach(double value) {
        return per.isPresent()
                ? String.format("guardrail %s breached: %.1f%% over the last %ds > %.1f%%", name, value * 100,
                        over.toSeconds(), max * 100)
                : String.format("guardrail %s breached: %.3f over the last %ds > %.3f", name, value, over.toSeconds(), max);
    }

    private OptionalDouble read(MetricRef ref, Instant from, Instant to, MetricsSource client, MetricsSource server) {
        MetricQuery query = ref.query(over);
        MetricsSource source = ref.namespace().startsWith("Gameday/") ? client : server;
        var series = source.fetch(query, from, to);
        return series.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(series.points().get(0).value());
    }
}

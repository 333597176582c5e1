package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.config.PlaceholderUse;
import dev.gameday.core.config.Placeholders;
import dev.gameday.slo.spec.Bound;
import dev.gameday.slo.spec.MetricRef;
import dev.gameday.slo.spec.SloParser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One live wait of a game day (an {@code awaits:} entry, played by {@code orchestration.LiveWait}):
 * from the start of a phase, wait for a metric to be within a bound for {@code for} consecutive
 * seconds, no later than {@code within} after the phase started. Parsed once with the game day, its
 * {@code ${name}} placeholders kept; {@link #resolve}d with the target's values when the target opens.
 *
 * <pre>
 * awaits:
 *   - name: capacity-back
 *     during: recovery          # starts with the phase; the deadline is inside it
 *     metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount,
 *               dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
 *     atLeast: 2                # or atMost:
 *     for: 3s                   # consecutive seconds within the bound (default 1s)
 *     within: 45s               # deadline after the phase's start; at most the phase's length
 *     onTimeout: continue       # or abort: end the game day ABORTED
 * </pre>
 *
 * @param name           names the wait in events and messages
 * @param phase          the phase it runs in, from its start
 * @param metric         what is read (at the source's finest period)
 * @param bound          {@code atLeast:} or {@code atMost:}
 * @param holdFor        how long the metric must stay within the bound, whole seconds
 * @param within         the deadline after the phase's start
 * @param abortOnTimeout whether a missed deadline aborts the game day
 * @param placeholders   where the metric holds placeholders still to fill; empty once resolved
 */
public record WaitSpec(String name, String phase, MetricRef metric, Bound bound, Duration holdFor, Duration within,
                       boolean abortOnTimeout, List<PlaceholderUse> placeholders) {

    public WaitSpec {
        placeholders = List.copyOf(placeholders);
    }

    /**
     * Parses one entry, placeholders kept; the phase must be one the game day plays and the deadline
     * must fall inside it.
     */
    public static WaitSpec parse(ConfigNode node, List<PhaseSpec> phases) {
        node.allowOnly("name", "description", "during", "metric", "atLeast", "atMost", "for", "within", "onTimeout");
        String name = node.get("name").name();
        ConfigNode during = node.get("during");
        PhaseSpec phase = phases.stream().filter(p -> p.name().equals(during.name())).findFirst()
                .orElseThrow(() -> during.error("names phase '" + during.name() + "', which this game day does "
                        + "not have (phases: " + String.join(", ", phases.stream().map(PhaseSpec::name).toList()) + ")"));
        List<PlaceholderUse> placeholders = new ArrayList<>();
        MetricRef metric = SloParser.parseMetric(node.get("metric"), placeholders);
        Bound bound = SloParser.parseBound(node);
        Duration holdFor = node.find("for").map(WaitSpec::wholeSeconds).orElse(Duration.ofSeconds(1));
        ConfigNode withinNode = node.get("within");
        Duration within = wholeSeconds(withinNode);
        if (within.compareTo(phase.duration()) > 0) {
            throw withinNode.error("must not be longer than the " + phase.name() + " phase ("
                    + phase.duration().toSeconds() + "s): a wait does not lengthen its phase, was "
                    + withinNode.text());
        }
        if (holdFor.compareTo(within) > 0) {
            throw node.get("for").error("must not be longer than within (" + within.toSeconds() + "s), was "
                    + node.get("for").text());
        }
        String onTimeout = node.text("onTimeout", "continue");
        if (!onTimeout.equals("continue") && !onTimeout.equals("abort")) {
            throw node.get("onTimeout").error("must be continue or abort, was '" + onTimeout + "'");
        }
        return new WaitSpec(name, phase.name(), metric, bound, holdFor, within, onTimeout.equals("abort"), placeholders);
    }

    /**
     * This wait with the target's values filled in.
     *
     * @throws dev.gameday.core.config.ConfigException at the first placeholder {@code parameters} cannot fill
     */
    public WaitSpec resolve(Map<String, String> parameters) {
        return new WaitSpec(name, phase, metric.resolve(Placeholders.filler(placeholders, parameters)), bound, holdFor,
                within, abortOnTimeout, List.of());
    }

    /** What is awaited, e.g. {@code RunningTaskCount Minimum ≥ 2 for 3 s}. */
    public String condition() {
        return metric.shortLabel() + " " + bound.describe(metric.unit()) + " for " + holdFor.toSeconds() + " s";
    }

    private static Duration wholeSeconds(ConfigNode node) {
        Duration d = node.positiveDuration();
        if (d.toMillis() % 1000 != 0) {
            throw node.error("must be whole seconds, was " + node.text());
        }
        return d;
    }
}

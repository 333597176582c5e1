package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.platform.autoscaling.AutoscalingPolicy;
import dev.gameday.platform.autoscaling.ScalingMetric;
import dev.gameday.simulation.journey.ThinkTime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a game day file into a {@link GameDayDefinition}, every section once into its typed spec
 * (SLOs, guardrails and live waits keep their {@code ${name}} placeholders until the target opens),
 * refusing anything incomplete or unknown with the file, line and field named, before anything starts.
 */
public final class GameDayParser {

    private static final List<String> JOURNEYS = List.of("browser", "cart-abandoner", "buyer");

    private GameDayParser() {
    }

    /** Parses and validates {@code file}. */
    public static GameDayDefinition parse(Path file) {
        return parse(file, Map.of());
    }

    /**
     * Parses and validates {@code file} with command-line overrides ({@code --set phases.steady=60s})
     * applied first, so an override is validated like the file's own values.
     */
    public static GameDayDefinition parse(Path file, Map<String, String> overrides) {
        ConfigNode root = ConfigNode.load(file);
        overrides.forEach(root::set);
        root.allowOnly("name", "description", "target", "platform", "load", "phases", "experiment", "slos", "guardrails",
                "awaits");
        String name = root.get("name").name();
        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!name.equals(expected)) {
            throw root.get("name").error("must match the file name '" + expected + "', was '" + name + "'");
        }
        String description = root.get("description").name();
        String target = root.find("target").map(ConfigNode::name).orElse("local");
        PlatformSpec platform = root.find("platform").map(GameDayParser::platform).orElse(PlatformSpec.DEFAULT);
        LoadSpec load = load(root.get("load"));
        List<PhaseSpec> phases = phases(root.get("phases"));
        Optional<ExperimentSpec> experiment = root.find("experiment").map(n -> experiment(n, phases, overrides));
        GameDaySlos slos = GameDaySlos.parse(root.get("slos"));
        List<GuardrailSpec> guardrails = root.find("guardrails")
                .map(n -> n.list().stream().map(GuardrailSpec::parse).toList()).orElse(List.of());
        List<WaitSpec> awaits = root.find("awaits")
                .map(n -> n.list().stream().map(w -> WaitSpec.parse(w, phases)).toList()).orElse(List.of());
        return new GameDayDefinition(name, description, file, target, platform, load, phases, experiment, slos,
                guardrails, awaits, overrides);
    }

    private static PlatformSpec platform(ConfigNode node) {
        node.allowOnly("zones", "tasksPerZone", "autoscaling");
        int zones = node.find("zones").map(ConfigNode::integer).orElse(PlatformSpec.DEFAULT.zones());
        if (zones < 1 || zones > 3) {
            throw node.get("zones").error("must be 1, 2 or 3 (local-1a, local-1b, local-1c), was " + zones);
        }
        int tasks = node.find("tasksPerZone").map(ConfigNode::integer).orElse(PlatformSpec.DEFAULT.tasksPerZone());
        if (tasks < 1 || tasks > 4) {
            throw node.get("tasksPerZone").error("must be between 1 and 4, was " + tasks);
        }
        Optional<AutoscalingPolicy> autoscaling = node.find("autoscaling").map(GameDayParser::autoscaling);
        if (autoscaling.isPresent() && (zones * tasks < autoscaling.get().minCapacity()
                || zones * tasks > autoscaling.get().maxCapacity())) {
            throw node.get("autoscaling").error("the service starts with " + zones * tasks + " tasks (zones × tasksPerZone),"
                    + " outside minCapacity.." + "maxCapacity (" + autoscaling.get().minCapacity() + ".."
                    + autoscaling.get().maxCapacity() + ")");
        }
        return new PlatformSpec(zones, tasks, autoscaling);
    }

    /** A target-tracking policy; what is not given keeps the platform's scaled-down AWS defaults. */
    private static AutoscalingPolicy autoscaling(ConfigNode node) {
        node.allowOnly("metric", "targetValue", "minCapacity", "maxCapacity", "period", "scaleOutDatapoints",
                "scaleInDatapoints", "scaleOutCooldown", "scaleInCooldown");
        ScalingMetric metric;
        try {
            metric = ScalingMetric.fromAwsName(node.text("metric"));
        } catch (IllegalArgumentException e) {
            throw node.get("metric").error(e.getMessage());
        }
        AutoscalingPolicy d = AutoscalingPolicy.defaults(metric, positive(node.get("targetValue")));
        try {
            return new AutoscalingPolicy(metric, d.targetValue(),
                    node.find("minCapacity").map(ConfigNode::integer).orElse(d.minCapacity()),
                    node.find("maxCapacity").map(ConfigNode::integer).orElse(d.maxCapacity()),
                    node.find("scaleOutCooldown").map(ConfigNode::duration).orElse(d.scaleOutCooldown()),
                    node.find("scaleInCooldown").map(ConfigNode::duration).orElse(d.scaleInCooldown()),
                    node.find("period").map(ConfigNode::positiveDuration).orElse(d.period()),
                    node.find("scaleOutDatapoints").map(ConfigNode::integer).orElse(d.scaleOutDatapoints()),
                    node.find("scaleInDatapoints").map(ConfigNode::integer).orElse(d.scaleInDatapoints()));
        } catch (IllegalArgumentException e) {
            // The policy's own rules (capacities, whole-second period), located in the file.
            throw node.error(e.getMessage());
        }
    }

    private static LoadSpec load(ConfigNode node) {
        node.allowOnly("profile", "usersPerSecond", "peakUsersPerSecond", "mix", "shoppers", "thinkTime", "injectors", "onInjectorLoss");
        String profile = node.text("profile", "constant");
        if (!profile.equals("constant") && !profile.equals("spike")) {
            throw node.get("profile").error("must be constant or spike, was '" + profile + "'");
        }
        double rate = positive(node.get("usersPerSecond"));
        double peak = profile.equals("spike") ? positive(node.get("peakUsersPerSecond")) : rate;
        Map<String, Integer> mix = new LinkedHashMap<>();
        if (node.has("mix")) {
            node.get("mix").allowOnly(JOURNEYS.toArray(String[]::new));
            node.get("mix").fields().forEach((journey, weight) -> {
                int w = weight.integer();
                if (w < 0) {
                    throw weight.error("must not be negative, was " + w);
                }
                mix.put(journey, w);
            });
            if (mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
                throw node.get("mix").error("at least one journey needs a positive weight");
            }
        } else {
            mix.putAll(Map.of("browser", 70, "cart-abandoner", 20, "buyer", 10));
        }
        // Absent: 0, the simulation sizes the account pool from the arrival rate and journey length.
        int shoppers = node.find("shoppers").map(ConfigNode::integer).orElse(0);
        if (node.find("shoppers").isPresent() && shoppers < 1) {
            throw node.get("shoppers").error("must be at least 1, was " + shoppers);
        }
        ThinkTime thinkTime = node.find("thinkTime").map(GameDayParser::thinkTime).orElse(ThinkTime.defaults());
        int injectors = node.find("injectors").map(ConfigNode::integer).orElse(1);
        if (injectors < 1 || injectors > LoadSpec.MAX_INJECTORS) {
            throw node.get("injectors").error("must be 1.." + LoadSpec.MAX_INJECTORS + ", was " + injectors);
        }
        String onLoss = node.text("onInjectorLoss", "continue");
        if (!onLoss.equals("continue") && !onLoss.equals("abort")) {
            throw node.get("onInjectorLoss").error("must be continue or abort, was '" + onLoss + "'");
        }
        return new LoadSpec(rate, peak, profile, mix, shoppers, thinkTime, injectors, onLoss.equals("abort"));
    }

    /** {@code load.thinkTime}; an error is located at the field it names, else at the mapping. */
    private static ThinkTime thinkTime(ConfigNode node) {
        try {
            return ThinkTime.fromMap(node.stringMap());
        } catch (IllegalArgumentException e) {
            ConfigNode at = node.fields().entrySet().stream()
                    .filter(f -> e.getMessage().contains("'" + f.getKey() + "'"))
                    .map(Map.Entry::getValue).findFirst().orElse(node);
            throw at.error(e.getMessage());
        }
    }

    private static double positive(ConfigNode node) {
        double value = node.number();
        if (!(value > 0)) {
            throw node.error("must be greater than 0, was " + node.text());
        }
        return value;
    }

    private static List<PhaseSpec> phases(ConfigNode node) {
        node.allowOnly(PhaseSpec.ORDER.toArray(String[]::new));
        Map<String, ConfigNode> fields = node.fields();
        List<PhaseSpec> phases = new ArrayList<>();
        for (String phase : PhaseSpec.ORDER) {
            ConfigNode value = fields.get(phase);
            if (value != null) {
                Duration d = value.duration();
                if (d.isNegative()) {
                    throw value.error("must not be negative");
                }
                if (!d.isZero()) {
                    phases.add(new PhaseSpec(phase, d));
                }
            }
        }
        if (!fields.containsKey("steady")) {
            throw node.error("missing required field 'steady'");
        }
        return phases;
    }

    private static ExperimentSpec experiment(ConfigNode node, List<PhaseSpec> phases, Map<String, String> overrides) {
        node.allowOnly("template", "startAt", "delay", "parameters", "requireSteady");
        String template = node.get("template").name();
        String startAt = node.text("startAt", "fault");
        if (phases.stream().noneMatch(p -> p.name().equals(startAt))) {
            ConfigNode at = node.find("startAt").orElse(node);
            throw at.error("startAt names phase '" + startAt + "', which this game day does not have (phases: "
                    + String.join(", ", phases.stream().map(PhaseSpec::name).toList()) + ")");
        }
        Duration delay = node.find("delay").map(ConfigNode::duration).orElse(Duration.ZERO);
        Map<String, String> parameters = node.find("parameters").map(ConfigNode::stringMap).orElse(Map.of());
        node.find("parameters").ifPresent(given -> given.fields().forEach((name, value) -> {
            if (ExperimentSpec.TARGET_OWNED.contains(name)) {
                String flag = "experiment.parameters." + name;
                String what = overrides.containsKey(flag) ? "--set " + flag + ": " : "";
                throw value.error(what + "'" + name + "' is the target's own value (its target file or the local"
                        + " platform decides it): a game day cannot set it, so an experiment acts only on the declared"
                        + " deployment; remove it (a game day may choose its zone)");
            }
        }));
        Optional<ConfigNode> steady = node.find("requireSteady");
        List<String> requireSteady = steady.map(n -> n.list().stream().map(ConfigNode::name).toList()).orElse(List.of());
        return new ExperimentSpec(template, startAt, delay, parameters, node.get("template"), requireSteady,
                steady.orElse(null));
    }
}

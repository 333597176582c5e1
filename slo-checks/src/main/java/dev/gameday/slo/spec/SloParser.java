package dev.gameday.slo.spec;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.config.PlaceholderUse;
import dev.gameday.core.config.Placeholders;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.core.alarm.ComparisonOperator;
import dev.gameday.core.alarm.TreatMissingData;
import dev.gameday.slo.phase.Phases;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SLOs from YAML, once, into validated {@link Slo} records that keep their {@code ${…}}
 * placeholders ({@link SloSpecs}), filled with the target's parameters in one step when it opens
 * ({@link SloSpecs#resolve}). Every mistake is a {@link dev.gameday.core.config.ConfigException}
 * naming the file, the line and the field (e.g. {@code slos[1].objective}), raised before the
 * game day starts. A placeholder stands for a target's value, so it may stand in a metric's
 * namespace, name or dimension values, a description, or a DNS record or answer; a field the parser
 * validates (a name, a statistic, a window, an anchor…) must be written out.
 */
public final class SloParser {

    /** The kinds this parser knows, sorted for error messages. */
    public static final List<String> KINDS = List.of("alarm", "burn-rate", "dns-failover", "eventually", "order-integrity",
            "ratio", "recovery", "threshold");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern WHOLE = Pattern.compile("\\d+");
    private static final Pattern PHASE_BOUNDARY = Pattern.compile("([a-z]+)\\.(start|end)");
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    /** Every value read so far that holds a placeholder, in reading order. */
    private final List<PlaceholderUse> placeholders = new ArrayList<>();

    private SloParser() {
    }

    /** Reads a file whose top level has an {@code slos:} list (a file under {@code slo-checks/slos/}). */
    public static SloSpecs loadSpecs(Path file) {
        return parseSpecs(ConfigNode.load(file).get("slos"));
    }

    /** {@link #loadSpecs} resolved with {@code parameters}. */
    public static List<Slo> load(Path file, Map<String, String> parameters) {
        return loadSpecs(file).resolve(parameters);
    }

    /**
     * Reads the SLO file a game day references by name: {@code <library>/<name>.yaml}, e.g.
     * {@code slo-checks/slos/shop.yaml} for {@code shop}. A name with no file is an error at the
     * referencing node, listing the files there are.
     */
    public static SloSpecs loadReferenceSpecs(ConfigNode reference, Path library) {
        String name = reference.name().trim();
        Path file = library.resolve(name + ".yaml");
        if (name.contains("/") || name.contains("\\") || !java.nio.file.Files.isRegularFile(file)) {
            List<String> known = new ArrayList<>();
            try (var files = java.nio.file.Files.list(library)) {
                files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                        .map(f -> f.substring(0, f.length() - ".yaml".length())).sorted().forEach(known::add);
            } catch (java.io.IOException e) {
                // The folder is missing or unreadable: the list stays empty and the message says so.
            }
            throw reference.error("no SLO file '" + name + "' in " + library + " (there are: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
        }
        return loadSpecs(file);
    }

    /** {@link #loadReferenceSpecs} resolved with {@code parameters}. */
    public static List<Slo> loadReference(ConfigNode reference, Path library, Map<String, String> parameters) {
        return loadReferenceSpecs(reference, library).resolve(parameters);
    }

    /** Reads a document (a game day or an SLO file) whose top level has an {@code slos:} list. */
    public static List<Slo> parseDocument(ConfigNode root, Map<String, String> parameters) {
        return parseList(root.get("slos"), parameters);
    }

    /** {@link #parseSpecs} resolved with {@code parameters}. */
    public static List<Slo> parseList(ConfigNode slos, Map<String, String> parameters) {
        return parseSpecs(slos).resolve(parameters);
    }

    /**
     * Reads the {@code slos:} list itself, placeholders kept. SLO names must be unique: they name
     * verdicts, JUnit test cases and Allure results.
     */
    public static SloSpecs parseSpecs(ConfigNode slos) {
        SloParser parser = new SloParser();
        List<Slo> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : slos.list()) {
            Slo slo = parser.parse(item);
            if (!names.add(slo.name())) {
                throw item.get("name").error("duplicate SLO name '" + slo.name() + "'");
            }
            out.add(slo);
        }
        return new SloSpecs(out, parser.placeholders);
    }

    /** Reads one SLO (an item of an {@code slos:} list), resolved with {@code parameters}. */
    public static Slo parseOne(ConfigNode slo, Map<String, String> parameters) {
        SloParser parser = new SloParser();
        Slo parsed = parser.parse(slo);
        return new SloSpecs(List.of(parsed), parser.placeholders).resolve(parameters).get(0);
    }

    private Slo parse(ConfigNode node) {
        node.fields(); // a mapping, or an error saying so
        String kind = node.get("kind").text().trim();
        String name = name(node.get("name"));
        String description = node.find("description").map(this::text).orElse("");
        switch (kind) {
            case "ratio":
                return ratio(node, name, description);
            case "threshold":
                return threshold(node, name, description);
            case "recovery":
                return recovery(node, name, description);
            case "eventually":
                return eventually(node, name, description);
            case "burn-rate":
                return burnRate(node, name, description);
            case "order-integrity":
                node.allowOnly("name", "description", "kind");
                return new OrderIntegritySlo(name, description);
            case "alarm":
                return alarm(node, name, description);
            case "dns-failover":
                return dnsFailover(node, name, description);
            default:
                throw node.get("kind").error("unknown kind '" + kind + "'; expected one of " + String.join(", ", KINDS));
        }
    }

    private RatioSlo ratio(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "good", "bad", "valid", "window", "objective");
        boolean good = node.has("good");
        boolean bad = node.has("bad");
        if (good == bad) {
            throw node.error(good ? "give either 'good' or 'bad', not both" : "missing required field 'good' (or 'bad')");
        }
        MetricRef counted = sumMetric(node.get(good ? "good" : "bad"));
        MetricRef valid = sumMetric(node.get("valid"));
        return new RatioSlo(name, description, counted, bad, valid, window(node.get("window")),
                fraction(node.get("objective")));
    }

    private BurnRateSlo burnRate(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "good", "bad", "valid", "window", "objective", "maxBurnRate");
        boolean good = node.has("good");
        boolean bad = node.has("bad");
        if (good == bad) {
            throw node.error(good ? "give either 'good' or 'bad', not both" : "missing required field 'good' (or 'bad')");
        }
        MetricRef counted = sumMetric(node.get(good ? "good" : "bad"));
        MetricRef valid = sumMetric(node.get("valid"));
        ConfigNode objectiveNode = node.get("objective");
        double objective = fraction(objectiveNode);
        if (objective >= 1) {
            throw objectiveNode.error("a 100% objective leaves no error budget to burn");
        }
        ConfigNode maxNode = node.get("maxBurnRate");
        double max = maxNode.number();
        if (!(max > 0) || Double.isInfinite(max)) {
            throw maxNode.error("must be a positive number such as 14.4, was '" + maxNode.text() + "'");
        }
        return new BurnRateSlo(name, description, counted, bad, valid, window(node.get("window")), objective, max);
    }

    private ThresholdSlo threshold(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "metric", "window", "max", "min", "per", "allowedBadSlices");
        MetricRef metric = metric(node.get("metric"), true);
        Bound bound = bound(node, "max", "min");
        Duration per = node.find("per").map(SloParser::wholeSeconds).orElse(null);
        double allowed = 0;
        Optional<ConfigNode> allowedNode = node.find("allowedBadSlices");
        if (allowedNode.isPresent()) {
            if (per == null) {
                throw allowedNode.get().error("allowedBadSlices needs 'per' (the slice length)");
            }
            allowed = fraction(allowedNode.get());
        }
        return new ThresholdSlo(name, description, metric, window(node.get("window")), bound, per, allowed);
    }

    private RecoverySlo recovery(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "anchor", "sli", "atLeast", "atMost", "for", "objective");
        Anchor anchor = anchor(node.get("anchor"));
        MetricRef sli = metric(node.get("sli"), true);
        Bound bound = bound(node, "atMost", "atLeast");
        int streak = node.find("for").map(SloParser::streak).orElse(1);
        return new RecoverySlo(name, description, anchor, sli, bound, streak, ONE_SECOND,
                node.get("objective").positiveDuration());
    }

    private EventuallySlo eventually(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "sli", "window", "atLeast", "atMost", "for");
        MetricRef sli = metric(node.get("sli"), true);
        Bound bound = bound(node, "atMost", "atLeast");
        int streak = node.find("for").map(SloParser::streak).orElse(1);
        return new EventuallySlo(name, description, sli, window(node.get("window")), bound, streak, ONE_SECOND);
    }

    // ---- parts ----

    /** A value that may stand for a target's value: its placeholders are kept, and where they are. */
    private String text(ConfigNode node) {
        return kept(node, false);
    }

    private String kept(ConfigNode node, boolean mustNotBeEmpty) {
        String text = node.text();
        if (Placeholders.holdsAny(text)) {
            placeholders.add(PlaceholderUse.of(node, mustNotBeEmpty));
        }
        return text;
    }

    /** A value the parser validates, so it must be written out: a placeholder is refused here. */
    private static String plain(ConfigNode node) {
        String text = node.text();
        if (Placeholders.holdsAny(text)) {
            throw node.error("a placeholder stands for a target's value (in a metric, a dimension value, a"
                    + " description or a DNS record or answer); write this field out, was '" + text + "'");
        }
        return text;
    }

    private String name(ConfigNode node) {
        String name = plain(node).trim();
        if (!NAME.matcher(name).matches()) {
            throw node.error("must be a name of letters, digits, '.', '_' or '-' (e.g. shopper-availability), was '"
                    + name + "'");
        }
        return name;
    }

    /**
     * One metric reference ({@code {namespace, metric, dimensions, statistic}}) as SLOs write it,
     * placeholders kept (each added to {@code placeholders}, to be filled with
     * {@link MetricRef#resolve}); the statistic defaults to {@code Sum}. For other specs that name
     * metrics the same way, such as a game day's guardrails.
     */
    public static MetricRef parseMetric(ConfigNode node, List<PlaceholderUse> placeholders) {
        SloParser parser = new SloParser();
        MetricRef metric = parser.metric(node, false);
        placeholders.addAll(parser.placeholders);
        return metric;
    }

    /** A counter for a ratio: read with {@code Sum}, which is the only statistic that adds up. */
    private MetricRef sumMetric(ConfigNode node) {
        MetricRef ref = metric(node, false);
        if (!ref.statistic().equals(Statistic.SUM)) {
            throw node.get("statistic").error("a ratio counts events, so its series are read with Sum, not "
                    + ref.statistic());
        }
        return ref;
    }

    private MetricRef metric(ConfigNode node, boolean statisticRequired) {
        node.allowOnly("namespace", "metric", "dimensions", "statistic");
        String namespace = text(node.get("namespace")).trim();
        String metric = text(node.get("metric")).trim();
        if (namespace.isEmpty()) {
            throw node.get("namespace").error("must not be empty");
        }
        if (metric.isEmpty()) {
            throw node.get("metric").error("must not be empty");
        }
        Map<String, String> dimensions = new LinkedHashMap<>();
        Optional<ConfigNode> dims = node.find("dimensions");
        if (dims.isPresent()) {
            dims.get().fields().forEach((key, value) -> {
                String written = kept(value, true);
                if (written.isBlank()) {
                    throw value.error("dimension value must not be empty");
                }
                dimensions.put(key, written);
            });
        }
        Statistic statistic;
        Optional<ConfigNode> stat = node.find("statistic");
        if (stat.isPresent()) {
            try {
                statistic = Statistic.of(plain(stat.get()).trim());
            } catch (IllegalArgumentException e) {
                throw stat.get().error(e.getMessage());
            }
        } else if (statisticRequired) {
            throw node.error("missing required field 'statistic' (e.g. p99, Average, Minimum)");
        } else {
            statistic = Statistic.SUM;
        }
        return new MetricRef(namespace, metric, dimensions, statistic);
    }

    /** An {@code atLeast:} or {@code atMost:} bound, exactly one of them, as recovery SLOs write it. */
    public static Bound parseBound(ConfigNode node) {
        return bound(node, "atMost", "atLeast");
    }

    private static Bound bound(ConfigNode node, String upper, String lower) {
        boolean hasUpper = node.has(upper);
        boolean hasLower = node.has(lower);
        if (hasUpper && hasLower) {
            throw node.get(lower).error("give either '" + upper + "' or '" + lower + "', not both");
        }
        if (!hasUpper && !hasLower) {
            throw node.error("missing required field '" + upper + "' (or '" + lower + "')");
        }
        return hasUpper ? Bound.atMost(node.get(upper).number()) : Bound.atLeast(node.get(lower).number());
    }

    private Window window(ConfigNode node) {
        if (!node.isMapping()) {
            String value = plain(node).trim();
            if (value.equals("run")) {
                return new Window.Run();
            }
            return new Window.Phase(phaseName(node, value));
        }
        if (node.has("after")) {
            node.allowOnly("after", "for");
            String type = plain(node.get("after")).trim();
            if (type.isEmpty()) {
                throw node.get("after").error("must name an event type, e.g. experiment.started");
            }
            return new Window.AfterEvent(type, wholeSeconds(node.get("for")));
        }
        node.allowOnly("from", "to");
        ConfigNode fromNode = node.get("from");
        ConfigNode toNode = node.get("to");
        String from = phaseName(fromNode, plain(fromNode).trim());
        String to = phaseName(toNode, plain(toNode).trim());
        if (Phases.NAMES.indexOf(to) < Phases.NAMES.indexOf(from)) {
            throw toNode.error("phase '" + to + "' comes before '" + from + "'; phases run in the order "
                    + String.join(", ", Phases.NAMES));
        }
        return new Window.PhaseRange(from, to);
    }

    /**
     * A percentage as a fraction, snapped to 12 decimals: {@code 99.9 / 100} is
     * 0.9990000000000001 in binary, which would fail exactly 999 good of 1000 against 99.9%.
     */
    private static double fraction(ConfigNode node) {
        return Math.round(node.fraction() * 1e12) / 1e12;
    }

    private static String phaseName(ConfigNode node, String value) {
        if (!Phases.NAMES.contains(value)) {
            throw node.error("unknown phase '" + value + "'; expected run or one of " + String.join(", ", Phases.NAMES));
        }
        return value;
    }

    private AlarmSlo alarm(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "alarm", "detect", "clear");
        ConfigNode a = node.get("alarm");
        a.allowOnly("metric", "period", "comparison", "threshold", "evaluationPeriods", "datapointsToAlarm",
                "treatMissingData");
        MetricRef metric = metric(a.get("metric"), true);
        Duration period = wholeSeconds(a.get("period"));
        ComparisonOperator comparison;
        try {
            comparison = ComparisonOperator.of(plain(a.get("comparison")).trim());
        } catch (IllegalArgumentException e) {
            throw a.get("comparison").error(e.getMessage());
        }
        double threshold = a.get("threshold").number();
        ConfigNode periodsNode = a.get("evaluationPeriods");
        int periods = periodsNode.integer();
        if (periods < 1) {
            throw periodsNode.error("must be at least 1, was " + periods);
        }
        int toAlarm = periods;
        Optional<ConfigNode> toAlarmNode = a.find("datapointsToAlarm");
        if (toAlarmNode.isPresent()) {
            toAlarm = toAlarmNode.get().integer();
            if (toAlarm < 1 || toAlarm > periods) {
                throw toAlarmNode.get().error("must be between 1 and evaluationPeriods (" + periods + "), was " + toAlarm);
            }
        }
        TreatMissingData missing = TreatMissingData.MISSING;
        Optional<ConfigNode> missingNode = a.find("treatMissingData");
        if (missingNode.isPresent()) {
            try {
                missing = TreatMissingData.of(plain(missingNode.get()).trim());
            } catch (IllegalArgumentException e) {
                throw missingNode.get().error(e.getMessage());
            }
        }
        AlarmDefinition alarm = new AlarmDefinition(name, metric.query(period), comparison, threshold, periods, toAlarm,
                missing);
        ConfigNode detect = node.get("detect");
        detect.allowOnly("after", "within");
        ConfigNode clear = node.get("clear");
        clear.allowOnly("after", "within");
        return new AlarmSlo(name, description, alarm, anchor(detect.get("after")), detect.get("within").positiveDuration(),
                anchor(clear.get("after")), clear.find("within").map(ConfigNode::positiveDuration).orElse(null));
    }

    private DnsFailoverSlo dnsFailover(ConfigNode node, String name, String description) {
        node.allowOnly("name", "description", "kind", "record", "failoverAnswer", "primaryAnswer", "faultStart",
                "failoverWithin", "faultEnd", "returnWithin");
        String record = text(node.get("record")).trim();
        if (record.isEmpty()) {
            throw node.get("record").error("must be the failover record's DNS name, e.g. shop.example.com");
        }
        String failover = text(node.get("failoverAnswer")).trim();
        String primary = text(node.get("primaryAnswer")).trim();
        if (failover.isEmpty()) {
            throw node.get("failoverAnswer").error("must be the value the record answers during the fault");
        }
        if (primary.isEmpty() || primary.equalsIgnoreCase(failover)) {
            throw node.get("primaryAnswer").error("must be the value the record answers when healthy, other than"
                    + " failoverAnswer ('" + failover + "')");
        }
        Anchor start = node.find("faultStart").map(this::anchor).orElse(new Anchor.OnEvent("experiment.started"));
        Anchor end = node.find("faultEnd").map(this::anchor).orElse(new Anchor.PhaseBoundary("fault", true));
        return new DnsFailoverSlo(name, description, record, failover, primary, start,
                node.get("failoverWithin").positiveDuration(), end, node.get("returnWithin").positiveDuration());
    }

    private Anchor anchor(ConfigNode node) {
        String value = plain(node).trim();
        if (value.isEmpty()) {
            throw node.error("must name an event type (e.g. experiment.started) or a phase boundary (e.g. fault.start)");
        }
        Matcher m = PHASE_BOUNDARY.matcher(value);
        if (m.matches() && Phases.NAMES.contains(m.group(1))) {
            return new Anchor.PhaseBoundary(m.group(1), m.group(2).equals("end"));
        }
        return new Anchor.OnEvent(value);
    }

    /** {@code for:} as a count of 1-second periods ({@code 3}) or a whole-second duration ({@code 3s}). */
    private static int streak(ConfigNode node) {
        String value = node.text().trim();
        int periods = WHOLE.matcher(value).matches() ? node.integer() : (int) wholeSeconds(node).toSeconds();
        if (periods < 1) {
            throw node.error("must be at least 1 (consecutive 1-second periods), was '" + value + "'");
        }
        return periods;
    }

    /** A positive duration on whole seconds: periods and windows are cut on seconds. */
    private static Duration wholeSeconds(ConfigNode node) {
        Duration d = node.positiveDuration();
        if (d.toMillis() % 1000 != 0) {
            throw node.error("must be whole seconds (e.g. 10s), was '" + node.text() + "'");
        }
        return d;
    }
}

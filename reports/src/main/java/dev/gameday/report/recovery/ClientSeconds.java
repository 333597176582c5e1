package dev.gameday.report.recovery;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.TimeSeries;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One client line (all requests, or one request name) per second: requests, KOs and p99, read from
 * the 1-second {@code Gameday/Client} series of {@code metrics/client.json}, and the rule that
 * says whether a second was bad (see {@link RecoveryCalculator}).
 */
final class ClientSeconds {

    static final String NAMESPACE = "Gameday/Client";
    /** A latency breach is never judged below this: a quiet baseline would make noise look like impact. */
    static final double LATENCY_FLOOR_SECONDS = 0.1;

    private final String name;
    private final String label;
    private final NavigableMap<Instant, Double> requests;
    private final NavigableMap<Instant, Double> ko;
    private final NavigableMap<Instant, Double> p99;
    private final String koLabel;
    private final String p99Label;
    private Double latencyBreach;
    private double baselineKoRatio;

    private ClientSeconds(String name, String label, NavigableMap<Instant, Double> requests,
                          NavigableMap<Instant, Double> ko, NavigableMap<Instant, Double> p99) {
        this.name = name;
        this.label = label;
        this.requests = requests;
        this.ko = ko;
        this.p99 = p99;
        String dims = name == null ? "{}" : "{Request=" + name + "}";
        this.koLabel = NAMESPACE + " KoCount" + dims + " Sum/1s";
        this.p99Label = NAMESPACE + " ResponseTime" + dims + " p99/1s";
    }

    /**
     * The line of {@code request} ({@code null}: all requests, the series without dimensions), or
     * empty when the run recorded no 1-second request counts for it.
     */
    static Optional<ClientSeconds> of(List<TimeSeries> all, String request) {
        Map<String, String> dims = request == null ? Map.of() : Map.of("Request", request);
        NavigableMap<Instant, Double> requests = points(all, "RequestCount", "Sum", dims);
        if (requests.isEmpty()) {
            return Optional.empty();
        }
        String label = NAMESPACE + " " + (request == null ? "" : "{Request=" + request + "} ");
        return Optional.of(new ClientSeconds(request, label, requests, points(all, "KoCount", "Sum", dims),
                points(all, "ResponseTime", "p99", dims)));
    }

    /** The request names the run recorded 1-second counts for. */
    static List<String> requestNames(List<TimeSeries> all) {
        return all.stream()
                .filter(s -> s.query().namespace().equals(NAMESPACE) && s.query().metricName().equals("RequestCount")
                        && s.query().period().toSeconds() == 1 && s.query().dimensions().containsKey("Request"))
                .map(s -> s.query().dimensions().get("Request")).distinct().sorted().toList();
    }

    private static NavigableMap<Instant, Double> points(List<TimeSeries> all, String metric, String statistic,
                                                        Map<String, String> dims) {
        TreeMap<Instant, Double> out = new TreeMap<>();
        for (TimeSeries s : all) {
            var q = s.query();
            if (q.namespace().equals(NAMESPACE) && q.metricName().equals(metric)
                    && q.statistic().name().equals(statistic) && q.period().toSeconds() == 1
                    && q.dimensions().equals(dims)) {
                for (DataPoint p : s.points()) {
                    out.putIfAbsent(p.timestamp(), p.value());
                }
            }
        }
        return out;
    }

    /**
     * Sets the breach bounds from the baseline {@code [from, to)}: p99 above twice the worst
     * baseline second (at least {@value #LATENCY_FLOOR_SECONDS} s), KOs above twice the baseline's
     * KO ratio (any KO when the baseline had none).
     */
    ClientSeconds baseline(Instant from, Instant to) {
        double worst = p99.subMap(from, to).values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        latencyBreach = Double.isNaN(worst) ? null : Math.max(2 * worst, LATENCY_FLOOR_SECONDS);
        double sent = requests.subMap(from, to).values().stream().mapToDouble(Double::doubleValue).sum();
        double failed = ko.subMap(from, to).values().stream().mapToDouble(Double::doubleValue).sum();
        baselineKoRatio = sent > 0 ? failed / sent : 0;
        return this;
    }

    String name() {
        return name;
    }

    Double latencyBreach() {
        return latencyBreach;
    }

    /** Why {@code second} was bad, or {@code null} when it was not (or had no requests). */
    String badness(Instant second) {
        double sent = requests.getOrDefault(second, 0.0);
        if (sent <= 0) {
            return null;
        }
        double failed = ko.getOrDefault(second, 0.0);
        if (failed > 0 && failed / sent > 2 * baselineKoRatio) {
            return label + "KoCount " + fmt(failed) + " of " + fmt(sent) + " requests";
        }
        Double latency = p99.get(second);
        if (latency != null && latencyBreach != null && latency > latencyBreach) {
            return label + String.format(java.util.Locale.ROOT, "ResponseTime p99 %.3f s > %.3f s", latency,
                    latencyBreach);
        }
        return null;
    }

    /** Whether {@code second} had requests and none was bad. */
    boolean clean(Instant second) {
        return requests.getOrDefault(second, 0.0) > 0 && badness(second) == null;
    }

    /** The seconds with requests from {@code from} on, ascending. */
    Iterable<Instant> secondsFrom(Instant from) {
        return requests.tailMap(from, true).keySet();
    }

    /** The last second with requests. */
    Instant lastSecond() {
        return requests.lastKey();
    }

    /** How bad this line was from {@code from} on: KOs first, then seconds over the latency bound. */
    double[] harm(Instant from) {
        double failed = ko.tailMap(from, true).values().stream().mapToDouble(Double::doubleValue).sum();
        long slow = 0;
        for (Instant s : secondsFrom(from)) {
            if (badness(s) != null) {
                slow++;
            }
        }
        return new double[] {failed, slow};
    }

    /** The line for people, e.g. {@code Gameday/Client {Request=checkout}}. */
    String label() {
        return label.strip();
    }

    /**
     * The label of the series that proves what {@code second} was ({@code MetricQuery.label()}): the
     * p99 series for a latency breach, else the KO series (KOs, or none).
     */
    String proof(Instant second) {
        String bad = badness(second);
        return bad != null && bad.contains("ResponseTime p99") ? p99Label : koLabel;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package dev.gameday.report.timeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.slo.evaluation.Verdict;
import dev.gameday.slo.phase.Phases;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Chooses what the timeline shows from a run directory alone ({@code metrics/server.json},
 * {@code metrics/client.json}, {@code events.jsonl}, the summary, and with several injectors
 * {@code injectors/injectors.json} and each injector's own {@code injectors/<id>/client.json}): the
 * dashboard series, the load each injector sent from its zone, the phases, the fault windows and
 * the events worth a tick. A file that is missing or unreadable reads as empty, so a broken run
 * still gets a picture, with "no data" where data is missing.
 */
public final class RunTimeline {

    static final String CLIENT = "Gameday/Client";

    static final Color BLUE = new Color(0x1f, 0x77, 0xb4);
    static final Color ORANGE = new Color(0xff, 0x7f, 0x0e);
    static final Color GREEN = new Color(0x2c, 0xa0, 0x2c);
    static final Color RED = new Color(0xd6, 0x27, 0x28);
    static final Color PURPLE = new Color(0x94, 0x67, 0xbd);
    static final Color BROWN = new Color(0x8c, 0x56, 0x4b);
    static final Color GREY = new Color(0x55, 0x55, 0x55);
    static final Color CYAN = new Color(0x17, 0xbe, 0xcf);
    static final Color OLIVE = new Color(0xbc, 0xbd, 0x22);
    /** Zones get these in name order; enough for any region's zone count. */
    static final List<Color> ZONES = List.of(BLUE, ORANGE, PURPLE, BROWN, CYAN, OLIVE);
    /**
     * Injectors' lines, in their order: neither the total's blue nor the errors' red. More injectors
     * than colours are drawn one line per zone instead.
     */
    static final List<Color> INJECTORS = List.of(GREEN, ORANGE, PURPLE, BROWN, CYAN, OLIVE);

    private static final Set<String> FINAL_STATES = Set.of("completed", "stopped", "failed", "cancelled");
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private RunTimeline() {
    }

    /**
     * What the timeline of {@code run} shows.
     *
     * @param summary the run's summary (title, verdict, phases), or {@code null} when there is none
     */
    public static Chart of(RunDirectory run, Summary summary) {
        List<TimeSeries> series = new ArrayList<>(readMetrics(run.serverMetrics()));
        series.addAll(readMetrics(run.clientMetrics()));
        List<Event> events = readEvents(run);
        return of(run.id(), summary, series, events, readInjectors(run));
    }

    /** What the timeline shows, from the run's parts already read (the traffic sent by the harness itself). */
    static Chart of(String runId, Summary summary, List<TimeSeries> series, List<Event> events) {
        return of(runId, summary, series, events, List.of());
    }

    /**
     * One injector's own figures, when several sent the traffic.
     *
     * @param id     its id, {@code inj-1} …
     * @param zone   the zone it ran in
     * @param series its own {@code client.json} series
     */
    record InjectorSeries(String id, String zone, List<TimeSeries> series) {
    }

    /** What the timeline shows, from the run's parts already read, with each injector's own series. */
    static Chart of(String runId, Summary summary, List<TimeSeries> series, List<Event> events,
                    List<InjectorSeries> injectors) {
        List<Event> ordered = events.stream().sorted(Comparator.comparing(Event::ts)).toList();
        List<Chart.Span> phases = phases(summary, ordered);

        List<Panel> panels = List.of(load(series, injectors), latency(series), healthyHosts(series), tasks(series));
        Instant[] range = range(runId, summary, phases, panels, ordered);
        Instant start = range[0];
        Instant end = range[1];

        String title;
        String subtitle;
        if (summary != null) {
            var counts = summary.sloCounts();
            title = "Game day " + summary.gameday() + " — " + summary.verdict();
            subtitle = summary.runId() + " · target " + summary.target() + " · "
                    + CLOCK.format(summary.startedAt()) + " – " + CLOCK.format(summary.endedAt()).substring(11)
                    + " UTC · " + counts.get(Verdict.Status.PASS) + " of "
                    + summary.slos().size() + " SLOs met"
                    + (summary.abortReason() == null ? "" : " · aborted: " + oneLine(summary.abortReason()));
        } else {
            title = "Game day run " + runId;
            subtitle = "no summary.json: phases from events.jsonl";
        }
        return new Chart(title, subtitle, start, end, phases, experiments(ordered, end), marks(ordered),
                panels);
    }

    // ---- panels ----

    private static Panel load(List<TimeSeries> all, List<InjectorSeries> injectors) {
        List<DataPoint> requests = fillZeros(total(all, "RequestCount"), Duration.ofSeconds(1));
        List<DataPoint> ko = total(all, "KoCount");
        if (ko.isEmpty()) {
            List<DataPoint> ok = total(all, "OkCount");
            if (!ok.isEmpty()) {
                ko = minus(requests, ok);
            }
        }
        Map<Instant, Double> koAt = byTime(ko);
        List<DataPoint> errorRate = new ArrayList<>();
        for (DataPoint r : requests) {
            if (r.value() > 0) {
                errorRate.add(new DataPoint(r.timestamp(), 100.0 * koAt.getOrDefault(r.timestamp(), 0.0) / r.value()));
            }
        }
        List<Line> lines = new ArrayList<>(List.of(
                new Line("requests/s", BLUE, Line.Style.AREA, false, Duration.ofSeconds(1), requests),
                new Line("error rate %", RED, Line.Style.LINE, true, Duration.ofSeconds(1), errorRate)));
        lines.addAll(perInjector(injectors));
        return new Panel("Client load", "req/s", "% errors", false, lines);
    }

    /**
     * The requests per second each injector sent, labelled with its zone, over the total: a lagging
     * or dead injector, or a zone whose injectors were cut off, shows as its own line falling away.
     * More injectors than {@link #INJECTORS} colours: one line per zone (the sum of its injectors).
     */
    private static List<Line> perInjector(List<InjectorSeries> injectors) {
        if (injectors.isEmpty()) {
            return List.of();
        }
        Map<String, List<DataPoint>> lines = new LinkedHashMap<>();
        if (injectors.size() <= INJECTORS.size()) {
            for (InjectorSeries i : injectors) {
                lines.put(i.id() + " · " + i.zone(), total(i.series(), "RequestCount"));
            }
        } else {
            TreeMap<String, List<InjectorSeries>> byZone = new TreeMap<>();
            injectors.forEach(i -> byZone.computeIfAbsent(i.zone(), z -> new ArrayList<>()).add(i));
            byZone.forEach((zone, inZone) -> {
                TreeMap<Instant, Double> sum = new TreeMap<>();
                inZone.forEach(i -> total(i.series(), "RequestCount").forEach(p -> sum.merge(p.timestamp(), p.value(), Double::sum)));
                lines.put(zone + " · " + inZone.size() + " injectors",
                        sum.entrySet().stream().map(e -> new DataPoint(e.getKey(), e.getValue())).toList());
            });
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<DataPoint>> line : lines.entrySet()) {
            out.add(new Line(line.getKey(), INJECTORS.get(i++ % INJECTORS.size()), Line.Style.LINE, false,
                    Duration.ofSeconds(1), fillZeros(line.getValue(), Duration.ofSeconds(1))));
        }
        return out;
    }

    private static Panel latency(List<TimeSeries> all) {
        Optional<TimeSeries> client = pick(all, CLIENT, "ResponseTime", "p99", Map::isEmpty);
        Optional<TimeSeries> alb = pick(all, DashboardSeries.TARGET_RESPONSE_TIME_P99);
        return new Panel("Latency p99", "ms", null, false, List.of(
                line("client ResponseTime p99", BLUE, Line.Style.LINE, client, 1000),
                line("ALB TargetResponseTime p99", ORANGE, Line.Style.LINE, alb, 1000)));
    }

    private static Panel healthyHosts(List<TimeSeries> all) {
        // One line per zone; the minimum over a second shows a dip however short.
        TreeMap<String, TimeSeries> byZone = new TreeMap<>();
        DashboardSeries healthy = DashboardSeries.HEALTHY_HOSTS_PER_ZONE;
        for (TimeSeries s : finest(all.stream().filter(healthy::matches).toList())) {
            String zone = s.query().dimensions().get("AvailabilityZone");
            TimeSeries known = byZone.get(zone);
            if (known == null || preference(s, healthy.statistic().name()) < preference(known, healthy.statistic().name())) {
                byZone.put(zone, s);
            }
        }
        List<Line> lines = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, TimeSeries> zone : byZone.entrySet()) {
            TimeSeries s = zone.getValue();
            lines.add(new Line(zone.getKey(), ZONES.get(i++ % ZONES.size()), Line.Style.STEP, false,
                    s.query().period(), merged(all, s.query())));
        }
        if (lines.isEmpty()) {
            lines.add(line("healthy targets", BLUE, Line.Style.STEP,
                    pick(all, healthy.namespace(), healthy.metricName(), healthy.statistic().name(), d -> true), 1));
        }
        return new Panel("Healthy targets per zone", "targets", null, true, lines);
    }

    private static Panel tasks(List<TimeSeries> all) {
        return new Panel("ECS tasks", "tasks", null, true, List.of(
                line("running", GREEN, Line.Style.STEP, pick(all, DashboardSeries.RUNNING_TASKS), 1),
                line("desired", GREY, Line.Style.DASHED_STEP, pick(all, DashboardSeries.DESIRED_TASKS), 1)));
    }

    private static Line line(String label, Color color, Line.Style style, Optional<TimeSeries> series, double scale) {
        Duration period = series.map(s -> s.query().period()).orElse(Duration.ofSeconds(1));
        List<DataPoint> points = series.map(s -> s.points().stream()
                .map(p -> new DataPoint(p.timestamp(), p.value() * scale)).toList()).orElse(List.of());
        return new Line(label, color, style, false, period, points);
    }

    // ---- choosing series ----

    /**
     * A client total per second: the series without dimensions if recorded, else the sum of the
     * per-request ones (a recorder that only keeps those still gets a chart).
     */
    static List<DataPoint> total(List<TimeSeries> all, String metric) {
        Optional<TimeSeries> total = pick(all, CLIENT, metric, "Sum", Map::isEmpty);
        if (total.isPresent()) {
            return total.get().points();
        }
        TreeMap<Instant, Double> sum = new TreeMap<>();
        for (TimeSeries s : finest(matching(all, CLIENT, metric, "Sum", d -> d.size() == 1 && d.containsKey("Request")))) {
            s.points().forEach(p -> sum.merge(p.timestamp(), p.value(), Double::sum));
        }
        return sum.entrySet().stream().map(e -> new DataPoint(e.getKey(), e.getValue())).toList();
    }

    /** A dashboard series as recorded, at its finest period, preferring its own statistic. */
    static Optional<TimeSeries> pick(List<TimeSeries> all, DashboardSeries series) {
        return pick(all.stream().filter(series::matches).toList(), all, series.statistic().name());
    }

    /**
     * The finest-period series of a metric whose dimensions pass {@code dims}, preferring
     * {@code statistic}; duplicates of one query (an SLO re-recording a dashboard series) merged.
     */
    static Optional<TimeSeries> pick(List<TimeSeries> all, String namespace, String metric, String statistic,
                                     Predicate<Map<String, String>> dims) {
        return pick(matching(all, namespace, metric, null, dims), all, statistic);
    }

    private static Optional<TimeSeries> pick(List<TimeSeries> matching, List<TimeSeries> all, String statistic) {
        return finest(matching).stream()
                .min(Comparator.comparingInt((TimeSeries s) -> preference(s, statistic))
                        .thenComparing(s -> s.query().label()))
                .map(s -> new TimeSeries(s.query(), s.start(), s.end(), merged(all, s.query())));
    }

    private static int preference(TimeSeries s, String statistic) {
        return s.query().statistic().name().equals(statistic) ? 0 : 1;
    }

    private static List<TimeSeries> matching(List<TimeSeries> all, String namespace, String metric, String statistic,
                                             Predicate<Map<String, String>> dims) {
        return all.stream()
                .filter(s -> s.query().namespace().equals(namespace) && s.query().metricName().equals(metric))
                .filter(s -> statistic == null || s.query().statistic().name().equals(statistic))
                .filter(s -> dims.test(s.query().dimensions()))
                .toList();
    }

    /** Only the series with the shortest period: the dashboard's, not an SLO's whole-window one. */
    private static List<TimeSeries> finest(List<TimeSeries> series) {
        Optional<Duration> finest = series.stream().map(s -> s.query().period()).min(Comparator.naturalOrder());
        return finest.map(p -> series.stream().filter(s -> s.query().period().equals(p)).toList()).orElse(List.of());
    }

    private static List<DataPoint> merged(List<TimeSeries> all, MetricQuery query) {
        TreeMap<Instant, DataPoint> points = new TreeMap<>();
        for (TimeSeries s : all) {
            if (s.query().equals(query)) {
                s.points().forEach(p -> points.putIfAbsent(p.timestamp(), p));
            }
        }
        return new ArrayList<>(points.values());
    }

    /** A count series with the seconds between its first and last point that had no data set to 0. */
    static List<DataPoint> fillZeros(List<DataPoint> points, Duration period) {
        if (points.isEmpty()) {
            return points;
        }
        Map<Instant, Double> at = byTime(points);
        List<DataPoint> out = new ArrayList<>();
        Instant last = points.get(points.size() - 1).timestamp();
        for (Instant t = points.get(0).timestamp(); !t.isAfter(last); t = t.plus(period)) {
            out.add(new DataPoint(t, at.getOrDefault(t, 0.0)));
        }
        return out;
    }

    private static List<DataPoint> minus(List<DataPoint> a, List<DataPoint> b) {
        Map<Instant, Double> bAt = byTime(b);
        return a.stream().map(p -> new DataPoint(p.timestamp(), Math.max(0, p.value() - bAt.getOrDefault(p.timestamp(), 0.0))))
                .toList();
    }

    private static Map<Instant, Double> byTime(List<DataPoint> points) {
        Map<Instant, Double> out = new LinkedHashMap<>();
        points.forEach(p -> out.putIfAbsent(p.timestamp(), p.value()));
        return out;
    }

    // ---- phases, fault windows, events ----

    private static List<Chart.Span> phases(Summary summary, List<Event> events) {
        List<Chart.Span> out = new ArrayList<>();
        if (summary != null && !summary.phases().isEmpty()) {
            summary.phases().forEach(p -> out.add(new Chart.Span(p.name(), p.start(), p.end())));
        } else if (!events.isEmpty()) {
            for (PhaseWindow w : Phases.fromEvents(events)) {
                out.add(new Chart.Span(w.name(), w.start(), w.end()));
            }
        }
        return out;
    }

    /**
     * When each experiment ran: from {@code experiment.started} (or its first {@code running}
     * state) to its first final state or {@code experiment.stopped}; still running at the end of
     * the events, it runs to the chart's end.
     */
    static List<Chart.Span> experiments(List<Event> events, Instant chartEnd) {
        Map<String, Instant> starts = new LinkedHashMap<>();
        Map<String, Instant> ends = new LinkedHashMap<>();
        Map<String, String> templates = new LinkedHashMap<>();
        for (Event e : events) {
            String id = e.attr("experiment");
            if (id == null) {
                continue;
            }
            if (e.attr("template") != null) {
                templates.putIfAbsent(id, e.attr("template"));
            }
            boolean started = e.type().equals("experiment.started")
                    || (e.type().equals("experiment.state") && "running".equals(e.attr("state")));
            boolean ended = e.type().equals("experiment.stopped")
                    || (e.type().equals("experiment.state") && e.attr("state") != null && FINAL_STATES.contains(e.attr("state")));
            if (started) {
                starts.merge(id, e.ts(), (a, b) -> a.isBefore(b) ? a : b);
            }
            if (ended) {
                ends.putIfAbsent(id, e.ts());
            }
        }
        List<Chart.Span> out = new ArrayList<>();
        starts.forEach((id, start) -> {
            Instant end = ends.getOrDefault(id, chartEnd);
            out.add(new Chart.Span(templates.getOrDefault(id, id), start, end.isBefore(start) ? start : end));
        });
        return out;
    }

    static List<Chart.Mark> marks(List<Event> events) {
        List<Chart.Mark> out = new ArrayList<>();
        for (Event e : events) {
            Chart.MarkKind kind = switch (e.type()) {
                case "task.stopped" -> Chart.MarkKind.TASK_STOPPED;
                case "task.started" -> Chart.MarkKind.TASK_STARTED;
                case "target.unhealthy" -> Chart.MarkKind.TARGET_UNHEALTHY;
                case "target.healthy" -> Chart.MarkKind.TARGET_HEALTHY;
                case "db.failover.started", "db.failover.completed", "zone.impaired" -> Chart.MarkKind.INFRASTRUCTURE;
                case "gameday.aborted", "experiment.stopped" -> Chart.MarkKind.STOP;
                default -> null;
            };
            if (kind != null) {
                String zone = e.attr("zone");
                out.add(new Chart.Mark(e.ts(), kind, zone == null ? "" : zone));
            }
        }
        return out;
    }

    /**
     * The time axis: from the first phase or data point to the last, on whole seconds. Platform
     * start-up and teardown around it are left out: nothing was measured then.
     */
    private static Instant[] range(String runId, Summary summary, List<Chart.Span> phases, List<Panel> panels,
                                   List<Event> events) {
        Instant start = null;
        Instant end = null;
        for (Chart.Span p : phases) {
            start = min(start, p.start());
            end = max(end, p.end());
        }
        for (Panel panel : panels) {
            for (Line line : panel.lines()) {
                if (!line.points().isEmpty()) {
                    start = min(start, line.points().get(0).timestamp());
                    end = max(end, line.points().get(line.points().size() - 1).timestamp().plus(line.period()));
                }
            }
        }
        if (start == null && summary != null) {
            start = summary.startedAt();
            end = summary.endedAt();
        }
        if (start == null && !events.isEmpty()) {
            start = events.get(0).ts();
            end = events.get(events.size() - 1).ts();
        }
        if (start == null) {
            // Nothing recorded at all: the run id still says when it started.
            start = startOf(runId);
            end = start.plusSeconds(60);
        }
        start = start.truncatedTo(ChronoUnit.SECONDS);
        Instant ceil = end.truncatedTo(ChronoUnit.SECONDS);
        end = ceil.equals(end) ? ceil : ceil.plusSeconds(1);
        if (!end.isAfter(start)) {
            end = start.plusSeconds(1);
        }
        return new Instant[] {start, end};
    }

    /** The start encoded in a run id ({@code <UTC yyyyMMdd-HHmmss>-<gameday>}), or the epoch. */
    static Instant startOf(String runId) {
        try {
            return RUN_ID_TIME.parse(runId.substring(0, 15), Instant::from);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }

    // ---- tolerant reading: a chart of a broken run is still a chart ----

    private static List<TimeSeries> readMetrics(Path file) {
        try {
            return RecordedMetrics.read(file).series();
        } catch (RuntimeException e) {
            System.err.println("gameday: timeline: " + file + " is unreadable, drawn as no data ("
                    + e.getMessage() + ")");
            return List.of();
        }
    }

    /**
     * Each injector's own series, in {@code injectors/injectors.json}'s order; none when one injector
     * ran inside the harness (no such file). An injector whose file is unreadable is drawn as no data.
     */
    private static List<InjectorSeries> readInjectors(RunDirectory run) {
        Path loads = run.injectorLoads();
        if (!Files.isRegularFile(loads)) {
            return List.of();
        }
        JsonNode all;
        try {
            all = Json.mapper().readTree(loads.toFile()).path("injectors");
        } catch (IOException | RuntimeException e) {
            System.err.println("gameday: timeline: " + loads + " is unreadable, drawn without injectors ("
                    + e.getMessage() + ")");
            return List.of();
        }
        List<InjectorSeries> out = new ArrayList<>();
        for (JsonNode injector : all) {
            String id = injector.path("id").asText();
            if (!id.matches("[a-z0-9-]+")) {
                continue; // not an injector id (InjectorSpec's rule): no folder of the run to read
            }
            Path client = run.injectors().resolve(id).resolve("client.json");
            out.add(new InjectorSeries(id, injector.path("zone").asText("?"),
                    Files.isRegularFile(client) ? readMetrics(client) : List.of()));
        }
        return out;
    }

    private static List<Event> readEvents(RunDirectory run) {
        if (!Files.exists(run.events())) {
            return List.of();
        }
        try {
            return EventLog.read(run.events());
        } catch (RuntimeException e) {
            System.err.println("gameday: timeline: " + run.events() + " is unreadable, drawn without events ("
                    + e.getMessage() + ")");
            return List.of();
        }
    }
}

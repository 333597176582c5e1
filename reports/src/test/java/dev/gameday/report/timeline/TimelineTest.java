package dev.gameday.report.timeline;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> LB = Map.of("LoadBalancer", "app/shop/1");
    private static final Map<String, String> SERVICE = Map.of("ClusterName", "c", "ServiceName", "shop");

    @Test
    void drawsAHandBuiltRunAt1400By900AndTheSameBytesEveryTime(@TempDir Path dir) throws IOException {
        RunDirectory run = handBuiltRun(dir);

        Path png = Timeline.write(run, summary(run));

        assertThat(png).isEqualTo(run.timeline()).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(900);
        byte[] first = Files.readAllBytes(png);
        Timeline.write(run, summary(run));
        assertThat(Files.readAllBytes(png)).isEqualTo(first);
    }

    @Test
    void showsTheDashboardSeriesPhasesFaultWindowAndEvents(@TempDir Path dir) {
        RunDirectory run = handBuiltRun(dir);

        Chart chart = RunTimeline.of(run, summary(run));

        assertThat(chart.title()).isEqualTo("Game day smoke — PASS");
        assertThat(chart.start()).isEqualTo(T0);
        assertThat(chart.end()).isEqualTo(T0.plusSeconds(60));
        assertThat(chart.phases()).extracting(Chart.Span::label).containsExactly("steady", "fault", "recovery");
        assertThat(chart.panels()).extracting(Panel::title)
                .containsExactly("Client load", "Latency p99", "Healthy targets per zone", "ECS tasks");
        assertThat(chart.panels()).allMatch(Panel::hasData);

        Line errors = chart.panels().get(0).lines().get(1);
        assertThat(errors.right()).isTrue();
        // 5 of 10 requests failed at +25 s: 50 %.
        assertThat(errors.points()).contains(new DataPoint(T0.plusSeconds(25), 50.0));
        Line alb = chart.panels().get(1).lines().get(1);
        assertThat(alb.points().get(0).value()).isEqualTo(200.0); // seconds → ms
        // The SLO's whole-window series of the same metric is not drawn: the 1 s one is.
        assertThat(alb.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(chart.panels().get(2).lines()).extracting(Line::label).containsExactly("local-1a", "local-1b");
        assertThat(chart.panels().get(3).lines()).extracting(Line::label).containsExactly("running", "desired");

        assertThat(chart.experiments()).containsExactly(
                new Chart.Span("ecs-stop-task", T0.plusSeconds(20), T0.plusSeconds(20).plusMillis(50)));
        assertThat(chart.marks()).extracting(Chart.Mark::kind).containsExactly(
                Chart.MarkKind.TASK_STOPPED, Chart.MarkKind.TARGET_UNHEALTHY, Chart.MarkKind.TASK_STARTED,
                Chart.MarkKind.TARGET_HEALTHY);
    }

    @Test
    void anEmptyRunDirectoryIsDrawnWithNoDataPanels(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir, "smoke", T0);

        Chart chart = RunTimeline.of(run, null);
        Path png = Timeline.write(run, null);

        assertThat(chart.panels()).hasSize(4).noneMatch(Panel::hasData);
        assertThat(chart.start()).as("the run id's time").isEqualTo(T0);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(900);
    }

    @Test
    void unreadableFilesAndMissingSeriesAreNoDataNotAnException(@TempDir Path dir) throws IOException {
        RunDirectory run = RunDirectory.create(dir, "smoke", T0);
        Files.writeString(run.serverMetrics(), "{ not json", StandardCharsets.UTF_8);
        Files.writeString(run.events(), "garbage\n", StandardCharsets.UTF_8);
        // Only the client's per-request counters: totals are summed from them.
        RecordedMetrics.write(run.clientMetrics(), List.of(
                series("Gameday/Client", "RequestCount", Map.of("Request", "a"), Statistic.SUM, s -> 3),
                series("Gameday/Client", "RequestCount", Map.of("Request", "b"), Statistic.SUM, s -> 2)));

        Chart chart = RunTimeline.of(run, summary(run));
        Timeline.write(run, summary(run));

        assertThat(chart.panels().get(0).lines().get(0).points()).first().isEqualTo(new DataPoint(T0, 5.0));
        assertThat(chart.panels().get(0).hasData()).isTrue();
        assertThat(chart.panels().subList(1, 4)).noneMatch(Panel::hasData);
        assertThat(run.timeline()).isRegularFile();
    }

    // ---- a small game day, by hand: 60 s, one task stopped at +20 s and replaced by +26 s ----

    private static RunDirectory handBuiltRun(Path dir) {
        RunDirectory run = RunDirectory.create(dir, "smoke", T0);
        List<TimeSeries> server = new ArrayList<>();
        server.add(series("AWS/ApplicationELB", "RequestCount", LB, Statistic.SUM, s -> 10));
        server.add(series("AWS/ApplicationELB", "TargetResponseTime", LB, Statistic.of("p99"), s -> s == 0 ? 0.2 : 0.05));
        server.add(new TimeSeries(new MetricQuery("AWS/ApplicationELB", "TargetResponseTime", LB, Statistic.of("p99"),
                Duration.ofSeconds(20)), T0, T0.plusSeconds(20), List.of(new DataPoint(T0, 0.9))));
        for (String zone : List.of("local-1b", "local-1a")) {
            Map<String, String> dims = Map.of("LoadBalancer", "app/shop/1", "TargetGroup", "targetgroup/shop/1",
                    "AvailabilityZone", zone);
            server.add(series("AWS/ApplicationELB", "HealthyHostCount", dims, Statistic.MINIMUM,
                    s -> zone.equals("local-1a") && s >= 20 && s < 26 ? 0 : 1));
        }
        server.add(series("ECS/ContainerInsights", "RunningTaskCount", SERVICE, Statistic.MINIMUM,
                s -> s >= 20 && s < 22 ? 1 : 2));
        server.add(series("ECS/ContainerInsights", "DesiredTaskCount", SERVICE, Statistic.MAXIMUM, s -> 2));
        RecordedMetrics.write(run.serverMetrics(), server);
        RecordedMetrics.write(run.clientMetrics(), List.of(
                series("Gameday/Client", "RequestCount", Map.of(), Statistic.SUM, s -> 10),
                series("Gameday/Client", "KoCount", Map.of(), Statistic.SUM, s -> s == 25 ? 5 : 0),
                series("Gameday/Client", "ResponseTime", Map.of(), Statistic.of("p99"), s -> 0.1)));

        try (EventLog log = EventLog.open(run.events(), java.time.Clock.systemUTC())) {
            phase(log, "steady", 0, 20);
            phase(log, "fault", 20, 40);
            phase(log, "recovery", 40, 60);
            log.append(event(20_000, "orchestrator", "experiment.started", Map.of("experiment", "EXP1",
                    "template", "ecs-stop-task")));
            log.append(event(20_050, "fis-local", "experiment.state", Map.of("experiment", "EXP1",
                    "state", "completed", "template", "ecs-stop-task")));
            log.append(event(20_100, "platform", "task.stopped", Map.of("zone", "local-1a")));
            log.append(event(20_200, "platform", "target.unhealthy", Map.of("zone", "local-1a")));
            log.append(event(22_000, "platform", "task.started", Map.of("zone", "local-1a")));
            log.append(event(26_000, "platform", "target.healthy", Map.of("zone", "local-1a")));
        }
        return run;
    }

    private static void phase(EventLog log, String name, int from, int to) {
        log.append(event(from * 1000L, "orchestrator", "phase.started", Map.of("phase", name)));
        log.append(event(to * 1000L, "orchestrator", "phase.ended", Map.of("phase", name)));
    }

    private static Event event(long millis, String source, String type, Map<String, Object> attrs) {
        return new Event(T0.plusMillis(millis), source, type, attrs);
    }

    private static TimeSeries series(String namespace, String metric, Map<String, String> dims, Statistic statistic,
                                     IntToDoubleFunction value) {
        List<DataPoint> points = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            points.add(new DataPoint(T0.plusSeconds(s), value.applyAsDouble(s)));
        }
        return new TimeSeries(new MetricQuery(namespace, metric, dims, statistic, Duration.ofSeconds(1)), T0,
                T0.plusSeconds(60), points);
    }

    private static Summary summary(RunDirectory run) {
        return Summary.builder()
                .gameday("smoke", "Kill one task under load.")
                .target("local")
                .run(run)
                .timing(T0, T0.plusSeconds(60))
                .phases(List.of(new PhaseWindow("steady", T0, T0.plusSeconds(20)),
                        new PhaseWindow("fault", T0.plusSeconds(20), T0.plusSeconds(40)),
                        new PhaseWindow("recovery", T0.plusSeconds(40), T0.plusSeconds(60))))
                .build();
    }
}

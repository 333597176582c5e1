package dev.gameday.slo.evaluation;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.slo.period.Resolution;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gameday.slo.evaluation.RunFixture.T0;
import static dev.gameday.slo.evaluation.RunFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLOs written for 1-second series, judged on hand-built 60-second series, as CloudWatch keeps
 * {@code AWS/*} metrics (slo-checks README, "Periods on AWS"). The run is {@link RunFixture}'s:
 * warmup 0–10 s, steady 10–30 s, fault 30–60 s, recovery 60–90 s, cooldown 90–100 s after
 * 12:00:00, the experiment started at 30.4 s; the minute grid is 12:00:00, 12:01:00, 12:02:00.
 */
class CoarseSeriesTest {

    private final RunFixture run = new RunFixture();
    /** The 60-second answers, by query and minute: what CloudWatch would return. */
    private final Map<MetricQuery, Map<Instant, Double>> minutes = new LinkedHashMap<>();

    private static Slo slo(String yaml) {
        return SloParser.parseOne(ConfigNode.parse("test.yaml", yaml),
                Map.of("loadBalancer", "app/shop/1", "cluster", "gameday", "service", "shop"));
    }

    private static final Slo LATENCY_STEADY = slo("""
            name: alb-p99-steady
            kind: threshold
            metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
            window: steady
            max: 0.5
            """);

    private static final Slo LATENCY_SLICES = slo("""
            name: alb-p99-slices
            kind: threshold
            metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
            window: { from: fault, to: recovery }
            per: 10s
            allowedBadSlices: 50%
            max: 0.5
            """);

    private static final Slo CAPACITY = slo("""
            name: capacity-restored
            kind: recovery
            anchor: experiment.started
            sli: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
            atLeast: 2
            for: 3
            objective: 45s
            """);

    private static final Slo HOSTS_BACK = slo("""
            name: hosts-back
            kind: eventually
            sli: { namespace: AWS/ApplicationELB, metric: HealthyHostCount, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: Minimum }
            window: recovery
            atLeast: 4
            for: 10
            """);

    private static final Slo ALB_5XX = slo("""
            name: alb-5xx-free
            kind: ratio
            bad:   { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { LoadBalancer: "${loadBalancer}" } }
            valid: { namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: { LoadBalancer: "${loadBalancer}" } }
            window: run
            objective: 99.5%
            """);

    private static final Slo ALB_BURN = slo("""
            name: alb-burn
            kind: burn-rate
            bad:   { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { LoadBalancer: "${loadBalancer}" } }
            valid: { namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: { LoadBalancer: "${loadBalancer}" } }
            window: fault
            objective: 99.9%
            maxBurnRate: 14.4
            """);

    private static final List<Slo> ALL = List.of(LATENCY_STEADY, LATENCY_SLICES, CAPACITY, HOSTS_BACK, ALB_5XX, ALB_BURN);

    /** The orchestrator's step: the sources' finest periods, recorded as events before anything is fetched. */
    private void awsResolution() {
        Resolution resolution = Resolution.probe(SloEvaluator.metrics(ALL), q -> Duration.ofSeconds(60));
        resolution.eventAttributes().forEach(attrs ->
                run.events.add(new Event(at(101), "orchestrator", Resolution.EVENT, attrs)));
    }

    /** The SLO's first metric at 60 s. */
    private static MetricQuery query(Slo slo, Duration period) {
        return SloEvaluator.metrics(List.of(slo)).get(0).withPeriod(period);
    }

    private void minute(MetricQuery query, int minute, double value) {
        minutes.computeIfAbsent(query, q -> new LinkedHashMap<>()).put(T0.plusSeconds(60L * minute), value);
    }

    /** Answers every required request from the hand-built minutes, as CloudWatch would: one point per period. */
    private RecordedMetrics recorded(List<Slo> slos) {
        List<TimeSeries> out = new ArrayList<>();
        for (SeriesRequest r : SloEvaluator.requiredSeries(slos, run.phases(), run.events)) {
            Map<Instant, Double> byMinute = minutes.getOrDefault(r.query().withPeriod(Duration.ofSeconds(60)), Map.of());
            List<DataPoint> points = new ArrayList<>();
            long period = r.query().period().toSeconds();
            for (Instant p = r.start(); p.isBefore(r.end()); p = p.plusSeconds(period)) {
                Instant from = p;
                Instant to = p.plusSeconds(period);
                List<Double> values = byMinute.entrySet().stream()
                        .filter(e -> !e.getKey().isBefore(from) && e.getKey().isBefore(to)).map(Map.Entry::getValue).toList();
                if (!values.isEmpty()) {
                    // Sums add up over minutes; the other statistics here are read on single minutes.
                    points.add(new DataPoint(p, values.stream().mapToDouble(Double::doubleValue).sum()));
                }
            }
            out.add(new TimeSeries(r.query(), r.start(), r.end(), points));
        }
        return new RecordedMetrics(out);
    }

    private Verdict evaluate(Slo slo) {
        return SloEvaluator.evaluate(List.of(slo), run.phases(), run.events, recorded(List.of(slo))).get(0);
    }

    @Test
    void asks_for_minute_aligned_series_once_the_resolution_is_recorded() {
        awsResolution();

        List<SeriesRequest> requests = SloEvaluator.requiredSeries(ALL, run.phases(), run.events);

        assertThat(requests).extracting(r -> r.query().metricName() + " " + r.query().period().toSeconds() + "s "
                        + r.start().getEpochSecond() % 3600 + "–" + r.end().getEpochSecond() % 3600)
                .containsExactly(
                        // steady (10–30 s), shorter than a minute, is read on its minute (0–60 s); the
                        // fault–recovery slices (30–90 s, 10 s → 60 s) on 0–120 s: one grid, merged.
                        "TargetResponseTime 60s 0–120",
                        "RunningTaskCount 60s 0–120",        // from the anchor's minute to the run end's
                        "HealthyHostCount 60s 60–120",       // recovery (60–90 s)
                        "HTTPCode_ELB_5XX_Count 120s 0–120", // run (0–100 s) as one period
                        "RequestCount 120s 0–120",
                        "HTTPCode_ELB_5XX_Count 60s 0–60",   // fault (30–60 s)
                        "RequestCount 60s 0–60");
        assertThat(requests.get(0).query().statistic().name()).isEqualTo("p99");
    }

    @Test
    void without_a_recorded_resolution_the_same_slos_ask_for_what_they_say() {
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(List.of(LATENCY_STEADY, CAPACITY), run.phases(), run.events);

        assertThat(requests).extracting(r -> r.query().period().toSeconds() + "s " + r.start().getEpochSecond() % 3600
                + "–" + r.end().getEpochSecond() % 3600).containsExactly("20s 10–30", "1s 30–100");
    }

    @Test
    void a_threshold_over_a_window_shorter_than_a_minute_is_judged_on_its_minute_and_says_so() {
        awsResolution();
        minute(query(LATENCY_STEADY, Duration.ofSeconds(60)), 0, 0.42);

        Verdict v = evaluate(LATENCY_STEADY);

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(0.42);
        assertThat(v.evidence().coarsened()).isEqualTo("coarsened to the source's 60 s data: judged over "
                + "12:00:00–12:01:00 for steady (12:00:10–12:00:30)");
        assertThat(v.explanation()).isEqualTo("p99 0.420 s over steady (12:00:00–12:01:00) ≤ 0.500 s [coarsened to the "
                + "source's 60 s data: judged over 12:00:00–12:01:00 for steady (12:00:10–12:00:30)]");
        assertThat(v.evidence().windowStart()).isEqualTo(T0);
        assertThat(v.evidence().windowEnd()).isEqualTo(at(60));
    }

    @Test
    void the_same_threshold_on_one_second_data_is_judged_as_written() {
        run.everySecond("AWS/ApplicationELB", "TargetResponseTime", Map.of("LoadBalancer", "app/shop/1"), 0, 100, 0.42);

        Verdict v = run.evaluate(LATENCY_STEADY);

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.evidence().coarsened()).isNull();
        assertThat(v.explanation()).isEqualTo("p99 0.420 s over steady (12:00:10–12:00:30) ≤ 0.500 s");
    }

    @Test
    void a_breach_in_the_covering_minute_fails_the_short_window() {
        awsResolution();
        minute(query(LATENCY_STEADY, Duration.ofSeconds(60)), 0, 0.73);

        Verdict v = evaluate(LATENCY_STEADY);

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.evidence().firstBreach()).isEqualTo(T0);
    }

    @Test
    void slices_become_minutes_and_keep_their_allowed_share() {
        awsResolution();
        MetricQuery p99 = query(LATENCY_SLICES, Duration.ofSeconds(60));
        minute(p99, 0, 0.3);
        minute(p99, 1, 0.9);

        Verdict v = evaluate(LATENCY_SLICES);

        // 1 of 2 minute slices bad = 50 %, allowed 50 %.
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(0.5);
        assertThat(v.measuredText()).isEqualTo("1 of 2 slices (50.0%) > 0.500 s");
        assertThat(v.evidence().coarsened()).isEqualTo("coarsened to the source's 60 s data: judged over "
                + "12:00:00–12:02:00 for fault–recovery (12:00:30–12:01:30), 60 s periods for 10 s");

        Slo strict = slo("""
                name: alb-p99-slices-strict
                kind: threshold
                metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
                window: { from: fault, to: recovery }
                per: 10s
                allowedBadSlices: 10%
                max: 0.5
                """);
        assertThat(evaluate(strict).status()).isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void recovery_counts_from_the_anchor_to_the_first_good_minute() {
        awsResolution();
        MetricQuery tasks = query(CAPACITY, Duration.ofSeconds(60));
        minute(tasks, 0, 1); // the minute holding the anchor (30.4 s) saw one task
        minute(tasks, 1, 2); // the whole next minute had both

        Verdict v = evaluate(CAPACITY);

        // 12:01:00 − 12:00:30 (the anchor's second): an upper bound on the recovery, at a minute's resolution.
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(30);
        assertThat(v.evidence().firstBreach()).isEqualTo(T0);
        assertThat(v.evidence().coarsened()).isEqualTo("coarsened to the source's 60 s data: judged over "
                + "12:00:00–12:02:00 for experiment.started to run end (12:00:30–12:01:40), 60 s periods for 1 s, "
                + "held for 1 × 60 s for 3 × 1 s");
    }

    @Test
    void recovery_not_seen_in_any_whole_minute_fails() {
        awsResolution();
        MetricQuery tasks = query(CAPACITY, Duration.ofSeconds(60));
        minute(tasks, 0, 1);
        minute(tasks, 1, 1);

        Verdict v = evaluate(CAPACITY);

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.explanation()).startsWith("RunningTaskCount Minimum ≥ 2 was breached at 12:00:00 and not "
                + "restored for 3 s by the end of data at 12:02:00");
    }

    @Test
    void eventually_needs_one_good_minute_for_a_streak_shorter_than_a_minute() {
        awsResolution();
        MetricQuery hosts = query(HOSTS_BACK, Duration.ofSeconds(60));
        minute(hosts, 1, 4);

        Verdict v = evaluate(HOSTS_BACK);

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measuredText()).isEqualTo("after 0 s");
        assertThat(v.evidence().coarsened()).contains("held for 1 × 60 s for 10 × 1 s");

        minutes.clear();
        minute(hosts, 1, 3);
        assertThat(evaluate(HOSTS_BACK).status()).isEqualTo(Verdict.Status.FAIL);
    }

    @Test
    void ratio_and_burn_rate_sum_the_covering_minutes() {
        awsResolution();
        MetricQuery bad = query(ALB_5XX, Duration.ofSeconds(60));
        MetricQuery valid = SloEvaluator.metrics(List.of(ALB_5XX)).get(1).withPeriod(Duration.ofSeconds(60));
        minute(valid, 0, 600);
        minute(valid, 1, 400);
        minute(bad, 0, 3);
        minute(bad, 1, 2);

        Verdict ratio = evaluate(ALB_5XX);
        Verdict burn = evaluate(ALB_BURN);

        assertThat(ratio.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(ratio.measuredText()).isEqualTo("99.50% (5 of 1000 bad)");
        assertThat(ratio.evidence().coarsened()).isEqualTo("coarsened to the source's 60 s data: judged over "
                + "12:00:00–12:02:00 for run (12:00:00–12:01:40)");
        // fault (30–60 s) is judged on its minute, 0–60 s: 3 of 600 = 0.5 % errors, 5× a 0.1 % budget.
        assertThat(burn.measured()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(burn.evidence().coarsened()).contains("judged over 12:00:00–12:01:00 for fault (12:00:30–12:01:00)");
    }

    @Test
    void a_window_that_never_had_data_is_no_data_and_says_it_was_coarsened() {
        awsResolution();

        Verdict v = evaluate(LATENCY_STEADY);

        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.explanation()).contains("[coarsened to the source's 60 s data");
    }

    @Test
    void the_run_directory_alone_gives_the_same_verdicts(@TempDir Path dir) {
        awsResolution();
        minute(query(LATENCY_STEADY, Duration.ofSeconds(60)), 0, 0.42);
        MetricQuery tasks = query(CAPACITY, Duration.ofSeconds(60));
        minute(tasks, 0, 1);
        minute(tasks, 1, 2);
        List<Slo> slos = List.of(LATENCY_STEADY, CAPACITY);
        RunDirectory runDir = RunDirectory.create(dir, "coarse", T0);
        try (EventLog log = EventLog.open(runDir.events(), Clock.systemUTC())) {
            run.events.forEach(log::append);
        }
        RecordedMetrics.write(runDir.serverMetrics(), recorded(slos).series());

        List<Verdict> fromFiles = SloEvaluator.evaluate(slos, runDir);

        assertThat(fromFiles).isEqualTo(SloEvaluator.evaluate(slos, run.phases(), run.events, recorded(slos)));
        assertThat(fromFiles).extracting(Verdict::status).containsExactly(Verdict.Status.PASS, Verdict.Status.PASS);
        assertThat(fromFiles).allSatisfy(v -> assertThat(v.evidence().coarsened()).isNotNull());
    }
}

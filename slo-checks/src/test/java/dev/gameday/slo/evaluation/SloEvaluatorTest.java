package dev.gameday.slo.evaluation;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gameday.slo.evaluation.RunFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

class SloEvaluatorTest {

    private static final Map<String, String> LB = Map.of("LoadBalancer", "app/shop/1");
    private static final Map<String, String> SERVICE = Map.of("ClusterName", "gameday", "ServiceName", "shop");

    private final RunFixture run = new RunFixture();

    private static Slo slo(String yaml) {
        return SloParser.parseOne(ConfigNode.parse("test.yaml", yaml),
                Map.of("loadBalancer", "app/shop/1", "cluster", "gameday", "service", "shop"));
    }

    // ---- ratio ----

    private static final Slo AVAILABILITY = slo("""
            name: shopper-availability
            kind: ratio
            good:  { namespace: Gameday/Client, metric: OkCount }
            valid: { namespace: Gameday/Client, metric: RequestCount }
            window: { from: steady, to: recovery }
            objective: 99%
            """);

    private void requests(int okInBadSeconds, int badFrom, int badTo) {
        run.everySecond("Gameday/Client", "RequestCount", Map.of(), 0, 100, 10);
        for (int s = 0; s < 100; s++) {
            boolean bad = s >= badFrom && s < badTo;
            run.store.record("Gameday/Client", "OkCount", Map.of(), at(s), bad ? okInBadSeconds : 10);
        }
    }

    @Test
    void ratioMet() {
        requests(6, 40, 41); // 4 failures among 800 requests in steady–recovery
        Verdict v = run.evaluate(AVAILABILITY);
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(0.995);
        assertThat(v.objective()).isEqualTo("≥ 99.00%");
        assertThat(v.measuredText()).isEqualTo("99.50% (796 of 800 good)");
        assertThat(v.explanation()).isEqualTo(
                "99.50% good (796 OkCount of 800 RequestCount) over steady–recovery (12:00:10–12:01:30) ≥ 99.00%");
        assertThat(v.evidence().windowStart()).isEqualTo(at(10));
        assertThat(v.evidence().windowEnd()).isEqualTo(at(90));
        assertThat(v.evidence().firstBreach()).isNull();
        assertThat(v.evidence().series()).extracting(EvidenceSeries::role).containsExactly("good", "valid");
        assertThat(v.evidence().series().get(1).label()).isEqualTo("Gameday/Client RequestCount{} Sum/80s");
    }

    @Test
    void aRatioExactlyAtTheObjectiveMeetsIt() {
        for (int s = 10; s < 30; s++) {
            run.store.record("Gameday/Client", "RequestCount", Map.of(), at(s), 50);
            run.store.record("Gameday/Client", "OkCount", Map.of(), at(s), s == 20 ? 49 : 50);
        }
        Verdict v = run.evaluate(slo("""
                name: three-nines
                kind: ratio
                good:  { namespace: Gameday/Client, metric: OkCount }
                valid: { namespace: Gameday/Client, metric: RequestCount }
                window: steady
                objective: 99.9%
                """));
        assertThat(v.measuredText()).isEqualTo("99.90% (999 of 1000 good)");
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void ratioMissed() {
        requests(6, 40, 45); // 20 failures among 800
        Verdict v = run.evaluate(AVAILABILITY);
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isEqualTo(0.975);
        assertThat(v.explanation()).endsWith("< 99.00%");
    }

    @Test
    void anAbsentBadCounterCountsZero() {
        // CloudWatch publishes no HTTPCode_ELB_5XX_Count while there are none.
        run.everySecond("AWS/ApplicationELB", "RequestCount", LB, 0, 100, 50);
        Verdict v = run.evaluate(slo("""
                name: alb-5xx-free
                kind: ratio
                bad:   { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { LoadBalancer: "${loadBalancer}" } }
                valid: { namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: { LoadBalancer: "${loadBalancer}" } }
                window: run
                objective: 99.5%
                """));
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(1.0);
        assertThat(v.measuredText()).isEqualTo("100.00% (0 of 5000 bad)");
    }

    @Test
    void aRatioWithoutValidEventsHasNoData() {
        Verdict v = run.evaluate(AVAILABILITY);
        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.measured()).isNaN();
        assertThat(v.explanation()).isEqualTo("No data: no data for Gameday/Client RequestCount{} Sum/80s over "
                + "steady–recovery (12:00:10–12:01:30); no data cannot prove the SLO.");
    }

    private static Slo burn(String objective) {
        return slo("""
                name: availability-burn
                kind: burn-rate
                good:  { namespace: Gameday/Client, metric: OkCount }
                valid: { namespace: Gameday/Client, metric: RequestCount }
                window: { from: steady, to: recovery }
                objective: %s
                maxBurnRate: 14.4
                """.formatted(objective));
    }

    @Test
    void burnRateAgainstTheBudgetOfTheObjective() {
        requests(6, 40, 45); // 20 errors among 800: 2.5 %
        Verdict tight = run.evaluate(burn("99.9%"));
        assertThat(tight.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(tight.measured()).isCloseTo(25.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(tight.objective()).isEqualTo("burn ≤ 14.40× of a 99.90% budget");
        assertThat(tight.measuredText()).isEqualTo("25.00× (2.50% errors against a 0.10% budget)");
        assertThat(tight.explanation()).isEqualTo(
                "burn rate 25.00× over steady–recovery (12:00:10–12:01:30) (20 errors of 800) > 14.40×");

        Verdict loose = run.evaluate(burn("99%"));
        assertThat(loose.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(loose.measured()).isCloseTo(2.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    // ---- threshold ----

    private static final Slo P99_STEADY = slo("""
            name: alb-p99-steady
            kind: threshold
            metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
            window: steady
            max: 0.5
            """);

    @Test
    void aWholeWindowPercentileIsExactNotAMaximumOfPerSecondPercentiles() {
        // 200 responses in steady: 198 fast, 2 slow in different seconds.
        for (int s = 10; s < 30; s++) {
            for (int i = 0; i < 10; i++) {
                boolean slow = (s == 12 || s == 20) && i == 0;
                run.store.record("AWS/ApplicationELB", "TargetResponseTime", LB, at(s), slow ? 0.9 : 0.1);
            }
        }
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(List.of(P99_STEADY), run.phases(), run.events);
        assertThat(requests).containsExactly(new SeriesRequest(
                new MetricQuery("AWS/ApplicationELB", "TargetResponseTime", LB, Statistic.of("p99"), Duration.ofSeconds(20)),
                at(10), at(30)));

        Verdict v = run.evaluate(P99_STEADY);
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(0.1);
        // Per second, the p99 of a second holding a slow response is that response.
        MetricQuery perSecond = requests.get(0).query().withPeriod(Duration.ofSeconds(1));
        assertThat(run.store.fetch(perSecond, at(10), at(30)).max()).hasValue(0.9);
    }

    @Test
    void aThresholdMissedExplainsItself() {
        for (int i = 0; i < 100; i++) {
            run.store.record("AWS/ApplicationELB", "TargetResponseTime", LB, at(10 + i % 20), i < 98 ? 0.2 : 0.734);
        }
        Verdict v = run.evaluate(P99_STEADY);
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.objective()).isEqualTo("≤ 0.500 s");
        assertThat(v.measuredText()).isEqualTo("0.734 s");
        assertThat(v.explanation()).isEqualTo("p99 0.734 s over steady (12:00:10–12:00:30) > 0.500 s");
        assertThat(v.evidence().firstBreach()).isEqualTo(at(10));
        assertThat(v.evidence().bound()).isEqualTo("≤ 0.500 s");
    }

    private static Slo sliced(String allowed) {
        return slo("""
                name: client-p95-sliced
                kind: threshold
                metric: { namespace: Gameday/Client, metric: ResponseTime, statistic: p95 }
                window: { from: steady, to: recovery }
                max: 1.0
                per: 10s
                allowedBadSlices: %s
                """.formatted(allowed));
    }

    private void responses(int gapFrom, int gapTo) {
        for (int s = 0; s < 100; s++) {
            if (s >= gapFrom && s < gapTo) {
                continue;
            }
            run.store.record("Gameday/Client", "ResponseTime", Map.of(), at(s), s >= 85 && s < 90 ? 2.0 : 0.2);
        }
    }

    @Test
    void aBreachInTheLastSliceCounts() {
        responses(0, 0);
        Verdict strict = run.evaluate(sliced("10%"));
        assertThat(strict.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(strict.measured()).isEqualTo(0.125);
        assertThat(strict.objective()).isEqualTo("≤ 1.000 s in ≥ 90.00% of 10 s slices");
        assertThat(strict.measuredText()).isEqualTo("1 of 8 slices (12.5%) > 1.000 s");
        assertThat(strict.evidence().firstBreach()).isEqualTo(at(80));
        assertThat(strict.explanation()).isEqualTo("p95 per 10 s over steady–recovery (12:00:10–12:01:30): "
                + "1 of 8 slices (12.5%) > 1.000 s, first at 12:01:20, worst 2.000 s at 12:01:20; "
                + "more than the allowed 10.00%");

        assertThat(run.evaluate(sliced("20%")).status()).isEqualTo(Verdict.Status.PASS);
    }

    @Test
    void slicesWithoutDataAreNotCountedButReported() {
        responses(30, 40);
        Verdict v = run.evaluate(sliced("15%"));
        assertThat(v.measuredText()).isEqualTo("1 of 7 slices (14.3%) > 1.000 s");
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.explanation()).contains("(1 of 8 slices had no data)");
    }

    @Test
    void aSeriesTheRunNeverRecordedIsNoData() {
        Verdict v = SloEvaluator.evaluate(List.of(P99_STEADY), run.phases(), run.events,
                new RecordedMetrics(List.of())).get(0);
        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.explanation()).startsWith("No data: the run did not record AWS/ApplicationELB TargetResponseTime");
    }

    @Test
    void aWindowThatNeverHappenedIsNoData() {
        Slo slo = slo("""
                name: after-stop
                kind: threshold
                metric: { namespace: Gameday/Client, metric: ResponseTime, statistic: p99 }
                window: { after: experiment.stopped, for: 30s }
                max: 1
                """);
        assertThat(SloEvaluator.requiredSeries(List.of(slo), run.phases(), run.events)).isEmpty();
        Verdict v = run.evaluate(slo);
        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.explanation()).isEqualTo("No data: the run has no experiment.stopped event; no data cannot prove the SLO.");
        assertThat(v.evidence().windowStart()).isNull();
    }

    // ---- recovery ----

    private static Slo capacity(String objective) {
        return slo("""
                name: capacity-restored
                kind: recovery
                anchor: experiment.started
                sli: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
                atLeast: 3
                for: 3
                objective: %s
                """.formatted(objective));
    }

    /** Records the running task count per second from a string, one character per second from 0 s; '.' = no data. */
    private void tasks(String perSecond) {
        for (int s = 0; s < perSecond.length(); s++) {
            char c = perSecond.charAt(s);
            if (c != '.') {
                run.store.record("ECS/ContainerInsights", "RunningTaskCount", SERVICE, at(s), c - '0');
            }
        }
    }

    private static String seconds(String... parts) {
        return String.join("", parts);
    }

    @Test
    void recoveryTimeRunsFromTheAnchorToTheFirstOfTheHealthyPeriods() {
        tasks(seconds("3".repeat(32), "2".repeat(13), "3".repeat(55))); // down 32–44, back from 45
        Verdict v = run.evaluate(capacity("30s"));
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(15);
        assertThat(v.objective()).isEqualTo("≤ 30 s");
        assertThat(v.evidence().firstBreach()).isEqualTo(at(32));
        assertThat(v.explanation()).isEqualTo("RunningTaskCount Minimum ≥ 3 for 3 s from 12:00:45, 15 s after "
                + "experiment.started (12:00:30) (breached from 12:00:32) ≤ 30 s");
    }

    @Test
    void aFlapRestartsTheStreakAndAGapBreaksIt() {
        tasks(seconds("3".repeat(32), "2".repeat(13), "332", "3".repeat(52))); // back at 45, 46, down at 47
        assertThat(run.evaluate(capacity("30s")).measured()).isEqualTo(18);

        RunFixture gappy = new RunFixture();
        String series = seconds("3".repeat(32), "2".repeat(13), "3.", "3".repeat(53));
        for (int s = 0; s < series.length(); s++) {
            if (series.charAt(s) != '.') {
                gappy.store.record("ECS/ContainerInsights", "RunningTaskCount", SERVICE, at(s), series.charAt(s) - '0');
            }
        }
        assertThat(gappy.evaluate(capacity("30s")).measured()).isEqualTo(17);
    }

    @Test
    void aLateRecoveryFails() {
        tasks(seconds("3".repeat(32), "2".repeat(38), "3".repeat(30))); // back at 70
        Verdict v = run.evaluate(capacity("30s"));
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isEqualTo(40);
        assertThat(v.explanation()).endsWith("> 30 s");
    }

    @Test
    void aRecoveryInTheLastPeriodsStillCounts() {
        tasks(seconds("3".repeat(32), "2".repeat(65), "333")); // back for exactly the last 3 s of the run
        Verdict v = run.evaluate(capacity("70s"));
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(67);
    }

    @Test
    void aRecoveryThatNeverHappensFails() {
        tasks(seconds("3".repeat(32), "2".repeat(66), "33"));
        Verdict v = run.evaluate(capacity("30s"));
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isNaN();
        assertThat(v.measuredText()).isEqualTo("not recovered within 70 s");
        assertThat(v.explanation()).isEqualTo("RunningTaskCount Minimum ≥ 3 was breached at 12:00:32 and not "
                + "restored for 3 s by the end of data at 12:01:40, 70 s after experiment.started (12:00:30) "
                + "(objective ≤ 30 s)");
    }

    @Test
    void aDisruptionThatNeverShowsIsRecoveryTimeZero() {
        tasks("3".repeat(100));
        Verdict v = run.evaluate(capacity("30s"));
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isZero();
    }

    @Test
    void recoveryRequestsOneSecondPeriodsFromTheAnchorToTheRunEnd() {
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(List.of(capacity("30s"), capacity("30s")),
                run.phases(), run.events);
        assertThat(requests).containsExactly(new SeriesRequest(
                new MetricQuery("ECS/ContainerInsights", "RunningTaskCount", SERVICE, Statistic.MINIMUM, Duration.ofSeconds(1)),
                at(30), at(100)));
        assertThat(run.evaluate(capacity("30s")).status()).isEqualTo(Verdict.Status.NO_DATA);
    }

    // ---- eventually ----

    private static final Slo HOSTS_BACK = slo("""
            name: hosts-back
            kind: eventually
            sli: { namespace: AWS/ApplicationELB, metric: HealthyHostCount, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: Minimum }
            window: recovery
            atLeast: 6
            for: 5
            """);

    @Test
    void eventuallyFindsTheStreakInsideTheWindow() {
        run.everySecond("AWS/ApplicationELB", "HealthyHostCount", LB, 0, 70, 4);
        run.everySecond("AWS/ApplicationELB", "HealthyHostCount", LB, 70, 100, 6);
        Verdict v = run.evaluate(HOSTS_BACK);
        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(10);
        assertThat(v.objective()).isEqualTo("≥ 6 for 5 s within recovery");
    }

    @Test
    void eventuallyFailsWhenTheStreakIsTooShort() {
        run.everySecond("AWS/ApplicationELB", "HealthyHostCount", LB, 0, 86, 4);
        run.everySecond("AWS/ApplicationELB", "HealthyHostCount", LB, 86, 100, 6);
        Verdict v = run.evaluate(HOSTS_BACK);
        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.explanation()).isEqualTo("HealthyHostCount Minimum ≥ 6 for 5 s never happened within "
                + "recovery (12:01:00–12:01:30)");
    }

    // ---- the two steps together ----

    @Test
    void overlappingRequestsAreMergedAndEachSloReadsOnlyItsOwnGrid() {
        Slo fault = slo("""
                name: a
                kind: threshold
                metric: { namespace: Gameday/Client, metric: ResponseTime, statistic: p95 }
                window: fault
                max: 1
                per: 1s
                """);
        Slo recovery = slo("""
                name: b
                kind: threshold
                metric: { namespace: Gameday/Client, metric: ResponseTime, statistic: p95 }
                window: recovery
                max: 1
                per: 1s
                """);
        Slo sliced = sliced("10%");
        responses(0, 0);
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(List.of(fault, recovery, sliced), run.phases(), run.events);
        assertThat(requests).extracting(SeriesRequest::start, SeriesRequest::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(at(30), at(90)),
                        org.assertj.core.groups.Tuple.tuple(at(10), at(90)));
        List<Verdict> verdicts = run.evaluate(List.of(fault, recovery, sliced));
        assertThat(verdicts).extracting(Verdict::measuredText)
                .containsExactly("0 of 30 slices (0.0%) > 1.000 s", "5 of 30 slices (16.7%) > 1.000 s",
                        "1 of 8 slices (12.5%) > 1.000 s");
    }

    @Test
    void verdictsComeBackIdenticalFromTheRecordedFiles(@TempDir Path dir) {
        requests(6, 40, 45);
        tasks(seconds("3".repeat(32), "2".repeat(13), "3".repeat(55)));
        List<Slo> slos = List.of(AVAILABILITY, capacity("30s"), P99_STEADY);
        List<SeriesRequest> requests = SloEvaluator.requiredSeries(slos, run.phases(), run.events);

        RunDirectory runDir = RunDirectory.create(dir, "smoke", RunFixture.T0);
        RecordedSeries.fetch(requests, run.store, run.store).write(runDir);
        assertThat(RecordedMetrics.read(runDir.clientMetrics()).series()).hasSize(2);
        assertThat(RecordedMetrics.read(runDir.serverMetrics()).series()).hasSize(2);

        List<Verdict> fromFiles = SloEvaluator.evaluate(slos, run.phases(), run.events, RecordedSeries.read(runDir));
        assertThat(fromFiles).isEqualTo(run.evaluate(slos));
        assertThat(fromFiles).extracting(Verdict::status)
                .containsExactly(Verdict.Status.FAIL, Verdict.Status.PASS, Verdict.Status.NO_DATA);
    }
}

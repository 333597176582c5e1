package dev.gameday.report.recovery;

import dev.gameday.core.event.Event;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The recovery rules on hand-built runs: every milestone, missing ones, two faults in one run. */
class RecoveryCalculatorTest {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final Map<String, String> SERVICE = Map.of("ClusterName", "c", "ServiceName", "shop");

    final List<Event> events = new ArrayList<>();
    final List<TimeSeries> series = new ArrayList<>();

    @Test
    void everyMilestoneOfAStoppedTaskIsReachedWithItsProof() {
        phases();
        event(12.3, "fis", "action.state", "action", "stop", "actionId", "aws:ecs:stop-task", "state", "running",
                "experiment", "EXP1", "targets", "arn:task/a");
        event(12.4, "fis", "action.state", "action", "stop", "actionId", "aws:ecs:stop-task", "state", "completed",
                "experiment", "EXP1");
        event(13.1, "platform", "target.unhealthy", "task", "a", "zone", "1a");
        event(13.5, "platform", "task.stopped", "task", "a");
        event(14.0, "platform", "task.started", "task", "b");
        event(15.0, "platform", "target.healthy", "task", "c"); // not a replacement: started before
        event(16.2, "platform", "target.healthy", "task", "b");
        client(null, s -> 10, s -> s == 13 || s == 14 ? 3 : 0, s -> 0.05);
        client("checkout", s -> 2, s -> s >= 13 && s <= 15 ? 1 : 0, s -> 0.05);
        client("products", s -> 8, s -> s == 13 ? 1 : 0, s -> 0.05);
        tasks(s -> s >= 13 && s < 18 ? 1 : 2, s -> 2);

        RecoveryAnatomy a = only();

        assertThat(a.fault().actionId()).isEqualTo("aws:ecs:stop-task");
        assertThat(a.fault().endedAt()).isEqualTo(at(12.4));
        assertThat(a.affectedRequest()).isEqualTo("checkout");
        assertThat(a.milestones()).extracting(Milestone::milestone).containsExactly("injected", "firstImpact",
                "detected", "mitigated", "firstGood", "sloHolding", "capacityRestored");
        assertThat(a.milestones()).allMatch(Milestone::reached);
        assertReached(a, Stage.INJECTED, at(12.3), 0);
        assertThat(a.milestone(Stage.INJECTED).orElseThrow().event()).isEqualTo(5);
        assertReached(a, Stage.FIRST_IMPACT, sec(13), 0.7);
        assertThat(a.milestone(Stage.FIRST_IMPACT).orElseThrow().series()).isEqualTo("Gameday/Client KoCount{} Sum/1s");
        assertThat(a.milestone(Stage.FIRST_IMPACT).orElseThrow().evidence()).contains("KoCount 3 of 10");
        assertReached(a, Stage.DETECTED, at(13.1), 0.8);
        assertThat(a.milestone(Stage.DETECTED).orElseThrow().event()).isEqualTo(7);
        assertReached(a, Stage.MITIGATED, at(16.2), 3.9);
        assertThat(a.milestone(Stage.MITIGATED).orElseThrow().event()).isEqualTo(11);
        // checkout failed until 15: its first clean second is 16, although all requests were clean from 15 on.
        assertReached(a, Stage.FIRST_GOOD, sec(16), 3.7);
        assertThat(a.milestone(Stage.FIRST_GOOD).orElseThrow().series()).isEqualTo("Gameday/Client KoCount{Request=checkout} Sum/1s");
        assertReached(a, Stage.SLO_HOLDING, sec(15), 2.7);
        assertReached(a, Stage.CAPACITY_RESTORED, sec(18), 5.7);
        assertThat(a.milestone(Stage.CAPACITY_RESTORED).orElseThrow().series()).contains("RunningTaskCount");
    }

    @Test
    void aLatencyBreachAboveTwiceTheSteadyWorstIsAnImpact() {
        phases();
        event(12.0, "fis", "action.state", "action", "slow", "actionId", "aws:ecs:task-network-latency",
                "state", "running");
        // steady's worst second is 0.08 s: the breach bound is 0.16 s; 0.15 s is no impact, 0.4 s is.
        client(null, s -> 10, s -> 0, s -> s == 5 ? 0.08 : s == 13 ? 0.15 : s >= 14 && s < 20 ? 0.4 : 0.05);

        RecoveryAnatomy a = only();

        assertThat(a.latencyBreachSeconds()).isEqualTo(0.16);
        assertReached(a, Stage.FIRST_IMPACT, sec(14), 2);
        assertThat(a.milestone(Stage.FIRST_IMPACT).orElseThrow().evidence()).contains("p99 0.400 s > 0.160 s");
        assertReached(a, Stage.SLO_HOLDING, sec(20), 8);
        // No per-request series: the first good second is the total's.
        assertThat(a.affectedRequest()).isNull();
        assertReached(a, Stage.FIRST_GOOD, sec(20), 8);
    }

    @Test
    void milestonesTheRunNeverReachedSaySoAndWhy() {
        phases();
        event(12.0, "fis", "action.state", "action", "stop", "actionId", "aws:ecs:stop-task", "state", "running");
        client(null, s -> 10, s -> 0, s -> 0.05);
        tasks(s -> 2, s -> 2);

        RecoveryAnatomy a = only();

        assertThat(a.milestone(Stage.INJECTED).orElseThrow().reached()).isTrue();
        for (Stage s : List.of(Stage.FIRST_IMPACT, Stage.DETECTED, Stage.MITIGATED, Stage.FIRST_GOOD,
                Stage.CAPACITY_RESTORED)) {
            Milestone m = a.milestone(s).orElseThrow();
            assertThat(m.reached()).as(s.key()).isFalse();
            assertThat(m.at()).isNull();
            assertThat(m.offset()).isNull();
            assertThat(m.evidence()).startsWith("not reached: ");
        }
        assertThat(a.milestone(Stage.CAPACITY_RESTORED).orElseThrow().evidence())
                .contains("never fell below DesiredTaskCount");
        // Never bad: the SLO held from the injection on.
        assertReached(a, Stage.SLO_HOLDING, at(12.0), 0);
        assertThat(a.milestone(Stage.SLO_HOLDING).orElseThrow().evidence()).contains("held throughout");
    }

    @Test
    void aRunStillBadAtItsEndNeverHoldsItsSlo() {
        phases();
        event(12.0, "fis", "action.state", "action", "stop", "actionId", "aws:ecs:stop-task", "state", "running");
        client(null, s -> 10, s -> s >= 20 ? 1 : 0, s -> 0.05);

        RecoveryAnatomy a = only();

        assertReached(a, Stage.FIRST_IMPACT, sec(20), 8);
        assertThat(a.milestone(Stage.SLO_HOLDING).orElseThrow().reached()).isFalse();
        assertThat(a.milestone(Stage.FIRST_GOOD).orElseThrow().reached()).isFalse();
        // Without task series, capacity is proven by the service reaching its steady state, or not at all.
        assertThat(a.milestone(Stage.CAPACITY_RESTORED).orElseThrow().evidence()).contains("no service.steady");
    }

    @Test
    void twoFaultsOfOneRunEachGetTheirOwnAnatomyAndWaitsAreNoFault() {
        phases();
        event(11.0, "fis", "action.state", "action", "pause", "actionId", "aws:fis:wait", "state", "running");
        event(12.0, "fis", "action.state", "action", "failover", "actionId", "aws:rds:failover-db-cluster",
                "state", "running", "experiment", "EXP1");
        event(12.5, "platform", "db.failover.started", "cluster", "db");
        event(13.0, "platform", "task.started", "task", "x"); // a replacement for nothing of the failover's
        event(14.0, "platform", "target.healthy", "task", "x");
        event(17.0, "platform", "db.failover.completed", "cluster", "db");
        event(20.0, "fis", "action.state", "action", "stop", "actionId", "aws:ecs:stop-task", "state", "running",
                "experiment", "EXP1");
        event(20.5, "platform", "task.stopped", "task", "a");
        event(21.0, "platform", "task.started", "task", "b");
        event(23.0, "platform", "target.healthy", "task", "b");
        event(24.0, "platform", "service.steady", "running", 2);
        client(null, s -> 10, s -> (s >= 12 && s < 17) || s == 21 ? 2 : 0, s -> 0.05);
        client("checkout", s -> 3, s -> s >= 12 && s < 18 ? 1 : 0, s -> 0.05);

        List<RecoveryAnatomy> all = RecoveryCalculator.of(events, series);

        assertThat(all).extracting(a -> a.fault().action()).containsExactly("failover", "stop");
        RecoveryAnatomy failover = all.get(0);
        assertReached(failover, Stage.DETECTED, at(12.5), 0.5);
        assertReached(failover, Stage.MITIGATED, at(17.0), 5);
        assertThat(failover.milestone(Stage.MITIGATED).orElseThrow().evidence()).startsWith("db.failover.completed");
        assertReached(failover, Stage.FIRST_GOOD, sec(18), 6);
        assertReached(failover, Stage.SLO_HOLDING, sec(22), 10);
        assertReached(failover, Stage.CAPACITY_RESTORED, at(24), 12);

        RecoveryAnatomy stop = all.get(1);
        assertReached(stop, Stage.FIRST_IMPACT, sec(21), 1);
        assertReached(stop, Stage.DETECTED, at(20.5), 0.5);
        assertReached(stop, Stage.MITIGATED, at(23.0), 3);
        assertReached(stop, Stage.SLO_HOLDING, sec(22), 2);
    }

    @Test
    void aRunWithoutExperimentHasNoFaults() {
        phases();
        client(null, s -> 10, s -> 0, s -> 0.05);
        assertThat(RecoveryCalculator.of(events, series)).isEmpty();
    }

    @Test
    void aGrayFailureIsMitigatedByTheZonalShiftAndTheShiftIsNoFaultNorIsTheTeardownADetection() {
        phases();
        event(12.0, "fis", "action.state", "action", "slowZone", "actionId", "aws:ecs:task-network-latency",
                "state", "running", "experiment", "EXP1");
        event(18.0, "fis", "action.state", "action", "evacuate", "actionId", "aws:arc:start-zonal-autoshift",
                "state", "running", "experiment", "EXP1");
        event(18.1, "platform", "zonal-shift.started", "zone", "1a", "type", "autoshift");
        event(31.0, "platform", "target.unhealthy", "task", "a", "zone", "1a"); // the platform going down
        client(null, s -> 10, s -> 0, s -> s >= 12 && s < 19 ? 0.8 : 0.05);

        RecoveryAnatomy a = only();

        assertThat(a.fault().action()).isEqualTo("slowZone");
        assertReached(a, Stage.MITIGATED, at(18.1), 6.1);
        assertThat(a.milestone(Stage.MITIGATED).orElseThrow().evidence()).contains("zonal-shift.started", "zone=1a");
        assertThat(a.milestone(Stage.DETECTED).orElseThrow().reached()).as("health checks never saw it").isFalse();
        assertReached(a, Stage.SLO_HOLDING, sec(19), 7);
    }

    // ---- building runs ----

    private RecoveryAnatomy only() {
        List<RecoveryAnatomy> all = RecoveryCalculator.of(events, series);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void onAwsThePlatformsOwnRecordAppendedAtTheEndProvesDetectionAndMitigation() {
        phases();
        event(12.0, "fis", "action.state", "action", "stopTasks", "actionId", "aws:ecs:stop-task", "state", "running",
                "experiment", "EXP1");
        event(12.5, "fis", "action.state", "action", "failover", "actionId", "aws:rds:failover-db-cluster",
                "state", "running", "experiment", "EXP1");
        event(30, "orchestrator", "gameday.ended");
        // Read from AWS after the run, appended in time order, each at the time AWS gives it.
        event(13.2, "aws.rds", "db.failover.started", "cluster", "shop-db", "to", "shop-db-2");
        event(13.9, "aws.ecs", "task.stopped", "cluster", "c", "service", "shop", "task", "0f2e");
        event(14.5, "aws.cloudwatch", "alarm.state", "alarm", "shop-alb-5xx", "state", "ALARM", "previous", "OK");
        event(16.0, "aws.ecs", "task.started", "cluster", "c", "service", "shop", "task", "9a8b");
        event(17.0, "aws.ecs", "service.event", "message", "(service shop) registered 1 targets in (target-group tg)");
        event(19.4, "aws.rds", "db.failover.completed", "cluster", "shop-db", "to", "shop-db-2");
        event(22.8, "aws.ecs", "service.steady", "cluster", "c", "service", "shop");
        client(null, s -> 10, s -> 0, s -> 0.05);

        List<RecoveryAnatomy> all = RecoveryCalculator.of(events, series);

        assertThat(all).hasSize(2);
        RecoveryAnatomy tasks = all.get(0);
        RecoveryAnatomy database = all.get(1);
        // The service fault: detected by ECS stopping the task (before the alarm), mitigated when the service
        // is steady again after its replacement started, capacity restored at the same event (no 1-second task series).
        assertReached(tasks, Stage.DETECTED, at(13.9), 1.9);
        assertThat(tasks.milestone(Stage.DETECTED).orElseThrow().event()).isEqualTo(9);
        assertThat(tasks.milestone(Stage.DETECTED).orElseThrow().evidence()).contains("task.stopped").contains("task=0f2e");
        assertReached(tasks, Stage.MITIGATED, at(22.8), 10.8);
        assertThat(tasks.milestone(Stage.MITIGATED).orElseThrow().event()).isEqualTo(14);
        assertThat(tasks.milestone(Stage.MITIGATED).orElseThrow().evidence()).contains("after replacement task 9a8b started");
        assertReached(tasks, Stage.CAPACITY_RESTORED, at(22.8), 10.8);
        // The database fault: RDS's own failover events.
        assertReached(database, Stage.DETECTED, at(13.2), 0.7);
        assertThat(database.milestone(Stage.DETECTED).orElseThrow().event()).isEqualTo(8);
        assertReached(database, Stage.MITIGATED, at(19.4), 6.9);
        assertThat(database.milestone(Stage.MITIGATED).orElseThrow().evidence())
                .startsWith("db.failover.completed").contains("to=shop-db-2");
    }

    @Test
    void anAlarmGoingIntoAlarmIsTheDetectionWhenItComesFirst() {
        phases();
        event(12.0, "fis", "action.state", "action", "stopTasks", "actionId", "aws:ecs:stop-task", "state", "running");
        event(30, "orchestrator", "gameday.ended");
        event(12.9, "aws.cloudwatch", "alarm.state", "alarm", "shop-alb-5xx", "state", "OK", "previous", "ALARM");
        event(13.4, "aws.cloudwatch", "alarm.state", "alarm", "shop-alb-5xx", "state", "ALARM", "previous", "OK");
        event(14.0, "aws.ecs", "target.unhealthy", "task", "0f2e", "targetGroup", "tg");
        event(15.0, "aws.ecs", "service.steady", "service", "shop"); // no replacement started: not a mitigation

        RecoveryAnatomy a = only();

        assertReached(a, Stage.DETECTED, at(13.4), 1.4);
        assertThat(a.milestone(Stage.DETECTED).orElseThrow().evidence()).contains("alarm=shop-alb-5xx", "state=ALARM");
        assertThat(a.milestone(Stage.MITIGATED).orElseThrow().reached()).isFalse();
    }

    private static void assertReached(RecoveryAnatomy a, Stage stage, Instant at, double offsetSeconds) {
        Milestone m = a.milestone(stage).orElseThrow();
        assertThat(m.reached()).as(stage.key() + ": " + m.evidence()).isTrue();
        assertThat(m.at()).as(stage.key()).isEqualTo(at);
        assertThat(m.offsetSeconds()).as(stage.key()).isEqualTo(offsetSeconds);
    }

    private void phases() {
        event(0, "orchestrator", "phase.started", "phase", "steady");
        event(10, "orchestrator", "phase.ended", "phase", "steady");
        event(10, "orchestrator", "phase.started", "phase", "fault");
        event(30, "orchestrator", "phase.ended", "phase", "fault");
    }

    private void event(double seconds, String source, String type, Object... attrs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < attrs.length; i += 2) {
            map.put((String) attrs[i], attrs[i + 1]);
        }
        events.add(new Event(at(seconds), source, type, map));
    }

    private void client(String request, IntToDoubleFunction requests, IntToDoubleFunction ko, IntToDoubleFunction p99) {
        Map<String, String> dims = request == null ? Map.of() : Map.of("Request", request);
        series.add(series("Gameday/Client", "RequestCount", dims, Statistic.SUM, requests));
        series.add(series("Gameday/Client", "KoCount", dims, Statistic.SUM, ko));
        series.add(series("Gameday/Client", "ResponseTime", dims, Statistic.of("p99"), p99));
    }

    private void tasks(IntToDoubleFunction running, IntToDoubleFunction desired) {
        series.add(series("ECS/ContainerInsights", "RunningTaskCount", SERVICE, Statistic.MINIMUM, running));
        series.add(series("ECS/ContainerInsights", "DesiredTaskCount", SERVICE, Statistic.MAXIMUM, desired));
    }

    private static TimeSeries series(String ns, String metric, Map<String, String> dims, Statistic stat,
                                     IntToDoubleFunction value) {
        List<DataPoint> points = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            points.add(new DataPoint(sec(s), value.applyAsDouble(s)));
        }
        return new TimeSeries(new MetricQuery(ns, metric, dims, stat, Duration.ofSeconds(1)), sec(0), sec(30), points);
    }

    private static Instant sec(int s) {
        return T0.plusSeconds(s);
    }

    private static Instant at(double s) {
        return T0.plusMillis(Math.round(s * 1000));
    }
}

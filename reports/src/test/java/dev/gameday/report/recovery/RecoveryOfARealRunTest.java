package dev.gameday.report.recovery;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.RunDirectory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery anatomy of a real {@code ./gameday run az-outage} on the local platform: its
 * {@code events.jsonl} and series as recorded ({@code client.json} without the per-second
 * histograms and the per-request statistics nothing here reads).
 */
class RecoveryOfARealRunTest {

    static final Path RUN = Path.of("src/test/resources/runs/20261207-041016-az-outage");

    final RunDirectory run = RunDirectory.open(RUN);
    final List<Event> events = EventLog.read(run.events());
    final List<RecoveryAnatomy> anatomy = RecoveryCalculator.of(run);

    @Test
    void eachImpairingActionOfTheZoneOutageIsAFault() {
        assertThat(anatomy).extracting(a -> a.fault().action())
                .containsExactly("stopZoneTasks", "disruptZoneSubnets", "failoverDatabase");
        assertThat(anatomy).allSatisfy(a -> assertThat(a.milestones()).extracting(Milestone::milestone)
                .containsExactly("injected", "firstImpact", "detected", "mitigated", "firstGood", "sloHolding",
                        "capacityRestored"));
    }

    @Test
    void everyMilestoneIsReachedAndTheCausalOnesComeInOrder() {
        for (RecoveryAnatomy a : anatomy) {
            assertThat(a.milestones()).as(a.title()).allMatch(Milestone::reached);
            assertThat(a.milestones()).allMatch(m -> m.offsetSeconds() >= 0);
            assertInOrder(a, Stage.INJECTED, Stage.FIRST_IMPACT, Stage.FIRST_GOOD, Stage.SLO_HOLDING);
            assertInOrder(a, Stage.INJECTED, Stage.DETECTED, Stage.MITIGATED);
            assertInOrder(a, Stage.INJECTED, Stage.CAPACITY_RESTORED);
        }
    }

    @Test
    void eachMilestonePointsAtARealEventOrARecordedSeries() {
        Map<Stage, List<String>> eventTypes = Map.of(Stage.INJECTED, List.of("action.state"),
                Stage.DETECTED, List.of("task.stopped", "target.unhealthy", "db.failover.started"),
                Stage.MITIGATED, List.of("target.healthy", "db.failover.completed"));
        List<String> labels = new ArrayList<>();
        List<TimeSeries> recorded = new ArrayList<>(RecordedMetrics.read(run.serverMetrics()).series());
        recorded.addAll(RecordedMetrics.read(run.clientMetrics()).series());
        recorded.forEach(s -> labels.add(s.query().label()));
        for (RecoveryAnatomy a : anatomy) {
            for (Milestone m : a.milestones()) {
                Stage stage = Stage.ofKey(m.milestone()).orElseThrow();
                if (m.event() != null) {
                    Event e = events.get(m.event() - 1);
                    assertThat(e.ts()).as(a.title() + " " + stage).isEqualTo(m.at());
                    assertThat(eventTypes.get(stage)).as(a.title() + " " + stage).contains(e.type());
                    assertThat(m.evidence()).contains(e.type());
                } else {
                    assertThat(m.series()).as(a.title() + " " + stage).isNotNull();
                    assertThat(labels).as(m.series()).contains(m.series());
                }
            }
        }
        RecoveryAnatomy failover = anatomy.get(2);
        assertThat(events.get(failover.milestone(Stage.MITIGATED).orElseThrow().event() - 1).type())
                .isEqualTo("db.failover.completed");
        assertThat(events.get(failover.milestone(Stage.DETECTED).orElseThrow().event() - 1).type())
                .isEqualTo("db.failover.started");
        RecoveryAnatomy tasks = anatomy.get(0);
        assertThat(events.get(tasks.milestone(Stage.DETECTED).orElseThrow().event() - 1).type())
                .isEqualTo("task.stopped");
        assertThat(tasks.milestone(Stage.MITIGATED).orElseThrow().evidence()).contains("a replacement task");
    }

    private static void assertInOrder(RecoveryAnatomy a, Stage... stages) {
        for (int i = 1; i < stages.length; i++) {
            Milestone before = a.milestone(stages[i - 1]).orElseThrow();
            Milestone after = a.milestone(stages[i]).orElseThrow();
            assertThat(after.at()).as(a.title() + ": " + stages[i - 1] + " ≤ " + stages[i])
                    .isAfterOrEqualTo(before.at());
        }
    }
}

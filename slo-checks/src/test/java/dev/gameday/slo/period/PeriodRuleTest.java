package dev.gameday.slo.period;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.slo.phase.TimeRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final PeriodRule MINUTE = PeriodRule.ofSeconds(60);

    private static TimeRange range(int from, int to, String label) {
        return new TimeRange(T0.plusSeconds(from), T0.plusSeconds(to), label);
    }

    @Test
    void one_second_data_changes_nothing() {
        TimeRange steady = range(10, 30, "steady");

        assertThat(PeriodRule.ONE_SECOND.wholeWindow(steady).coarsened()).isFalse();
        assertThat(PeriodRule.ONE_SECOND.wholeWindow(steady).period()).isEqualTo(Duration.ofSeconds(20));
        assertThat(PeriodRule.ONE_SECOND.slices(steady, Duration.ofSeconds(7)).period()).isEqualTo(Duration.ofSeconds(7));
        Rescaled streak = PeriodRule.ONE_SECOND.streaks(steady, Duration.ofSeconds(1), 3);
        assertThat(streak.streak()).isEqualTo(3);
        assertThat(streak.window()).isEqualTo(steady);
        assertThat(streak.note()).isEmpty();
    }

    @Test
    void windows_become_the_minutes_covering_them() {
        assertThat(MINUTE.cover(range(10, 30, "steady"))).isEqualTo(range(0, 60, "steady"));
        assertThat(MINUTE.cover(range(50, 70, "x"))).isEqualTo(range(0, 120, "x"));
        assertThat(MINUTE.cover(range(60, 120, "aligned"))).isEqualTo(range(60, 120, "aligned"));
        // Aligned to the epoch's minutes, as CloudWatch stamps minute data, not to the window's start.
        assertThat(MINUTE.cover(range(90, 100, "y")).start()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void a_whole_window_is_one_period_of_its_covering_length() {
        Rescaled r = MINUTE.wholeWindow(range(10, 30, "steady"));

        assertThat(r.window()).isEqualTo(range(0, 60, "steady"));
        assertThat(r.period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.coarsened()).isTrue();
        assertThat(r.note()).isEqualTo("coarsened to the source's 60 s data: judged over 12:00:00–12:01:00 for "
                + "steady (12:00:10–12:00:30)");
    }

    @Test
    void slices_are_rounded_up_to_whole_periods() {
        Rescaled r = MINUTE.slices(range(0, 300, "run"), Duration.ofSeconds(10));

        assertThat(r.period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.note()).isEqualTo("coarsened to the source's 60 s data: 60 s periods for 10 s");
        assertThat(MINUTE.slices(range(0, 300, "run"), Duration.ofSeconds(90)).period()).isEqualTo(Duration.ofSeconds(120));
        assertThat(MINUTE.slices(range(0, 300, "run"), Duration.ofSeconds(120)).coarsened()).isFalse();
    }

    @Test
    void streaks_keep_their_length_in_time() {
        assertThat(MINUTE.streaks(range(0, 300, "r"), Duration.ofSeconds(1), 3).streak()).isEqualTo(1);
        assertThat(MINUTE.streaks(range(0, 300, "r"), Duration.ofSeconds(1), 60).streak()).isEqualTo(1);
        assertThat(MINUTE.streaks(range(0, 300, "r"), Duration.ofSeconds(1), 61).streak()).isEqualTo(2);
        assertThat(MINUTE.streaks(range(0, 300, "r"), Duration.ofSeconds(1), 120).streak()).isEqualTo(2);
        assertThat(MINUTE.streaks(range(0, 300, "r"), Duration.ofSeconds(1), 3).note())
                .isEqualTo("coarsened to the source's 60 s data: 60 s periods for 1 s, held for 1 × 60 s for 3 × 1 s");
    }

    @Test
    void the_coarser_rule_wins() {
        assertThat(PeriodRule.ONE_SECOND.coarser(MINUTE)).isEqualTo(MINUTE);
        assertThat(MINUTE.coarser(PeriodRule.ONE_SECOND)).isEqualTo(MINUTE);
        assertThatThrownBy(() -> new PeriodRule(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT1.5S");
    }

    @Test
    void a_resolution_is_recorded_in_the_events_and_read_back_from_the_file(@TempDir Path dir) {
        MetricQuery latency = new MetricQuery("AWS/ApplicationELB", "TargetResponseTime", Map.of("LoadBalancer", "app/x"),
                Statistic.of("p99"), Duration.ofSeconds(1));
        MetricQuery client = new MetricQuery("Gameday/Client", "OkCount", Map.of(), Statistic.SUM, Duration.ofSeconds(1));
        Resolution probed = Resolution.probe(List.of(latency, client),
                q -> q.namespace().startsWith("AWS/") ? Duration.ofSeconds(60) : Duration.ofSeconds(1));

        Path file = dir.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file, Clock.fixed(T0, ZoneOffset.UTC))) {
            probed.eventAttributes().forEach(attrs -> log.emit("orchestrator", Resolution.EVENT, attrs));
        }
        List<Event> read = EventLog.read(file);
        Resolution back = Resolution.fromEvents(read);

        assertThat(read).hasSize(2);
        assertThat(back).isEqualTo(probed);
        assertThat(back.rule(latency.withStatistic(Statistic.AVERAGE))).isEqualTo(MINUTE);
        assertThat(back.rule(client)).isEqualTo(PeriodRule.ONE_SECOND);
        // Runs recorded before resolutions were: every metric at 1 second.
        assertThat(Resolution.fromEvents(List.of()).rule(latency)).isEqualTo(PeriodRule.ONE_SECOND);
    }
}

package dev.gameday.orchestration;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.definition.PhaseSpec;
import dev.gameday.definition.WaitSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LiveWaitTest {

    private static final Map<String, String> PARAMS = Map.of("cluster", "gameday", "service", "shop");
    private static final Map<String, String> SERVICE = Map.of("ClusterName", "gameday", "ServiceName", "shop");
    private static final List<PhaseSpec> PHASES = List.of(new PhaseSpec("fault", Duration.ofSeconds(40)),
            new PhaseSpec("recovery", Duration.ofSeconds(60)));

    private final Clock clock = Clock.systemUTC();
    private final MetricStore client = new MetricStore();
    private final MetricStore server = new MetricStore();
    private final EventLog events = EventLog.inMemory(clock);
    private LiveWait wait;

    @AfterEach
    void close() {
        if (wait != null) {
            wait.close();
        }
    }

    private static WaitSpec spec(String yaml) {
        return WaitSpec.parse(ConfigNode.parse("gamedays/task-kill.yaml", yaml), PHASES).resolve(PARAMS);
    }

    private static final String CAPACITY = """
            name: capacity-back
            during: recovery
            metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
            atLeast: 2
            for: 2s
            within: %s
            onTimeout: %s
            """;

    private void tasks(Instant from, int seconds, double value) {
        for (int s = 0; s < seconds; s++) {
            server.record("ECS/ContainerInsights", "RunningTaskCount", SERVICE, from.plusSeconds(s), value);
        }
    }

    private Optional<Event> event(String type) {
        return events.events(e -> e.type().equals(type)).stream().findFirst();
    }

    @Test
    void is_satisfied_once_the_metric_holds_for_long_enough() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        tasks(now.minusSeconds(5), 5, 1);       // one task until now
        tasks(now.plusSeconds(1), 4, 2);        // both from the next second on
        wait = new LiveWait(spec(CAPACITY.formatted("20s", "continue")), client, server, events, clock);

        wait.start(now);
        await().atMost(Duration.ofSeconds(15)).until(() -> event("wait.satisfied").isPresent());

        Event started = event("wait.started").orElseThrow();
        Event satisfied = event("wait.satisfied").orElseThrow();
        assertThat(started.attrs()).containsEntry("wait", "capacity-back").containsEntry("phase", "recovery")
                .containsEntry("condition", "RunningTaskCount Minimum ≥ 2 for 2 s").containsEntry("within", 20L)
                .containsEntry("deadline", now.plusSeconds(20).toString());
        assertThat(satisfied.attrs()).containsEntry("value", 2.0);
        // Two whole seconds of two tasks after the last second of one: not before now + 3 s.
        assertThat(satisfied.ts()).isAfterOrEqualTo(now.plusSeconds(3));
        wait.finish();
        assertThat(wait.timedOut()).isEmpty();
        assertThat(event("wait.timedout")).isEmpty();
    }

    @Test
    void a_missed_deadline_says_what_was_awaited_the_deadline_and_the_last_value() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        tasks(now.minusSeconds(3), 30, 1);
        wait = new LiveWait(spec(CAPACITY.formatted("2s", "continue")), client, server, events, clock);

        wait.start(now);
        await().atMost(Duration.ofSeconds(15)).until(() -> event("wait.timedout").isPresent());

        Event timedOut = event("wait.timedout").orElseThrow();
        String message = "wait capacity-back timed out: awaited RunningTaskCount Minimum ≥ 2 for 2 s during recovery "
                + "within 2 s (deadline " + now.plusSeconds(2) + "); last value 1 at ";
        assertThat(timedOut.attr("message")).startsWith(message);
        assertThat(timedOut.attrs()).containsEntry("lastValue", 1.0).containsEntry("within", 2L);
        assertThat(wait.timedOut()).hasValueSatisfying(m -> assertThat(m).startsWith(message));
        assertThat(wait.abortReason()).isEmpty(); // onTimeout: continue
        assertThat(event("wait.satisfied")).isEmpty();
    }

    @Test
    void on_timeout_abort_gives_the_run_its_reason_even_without_any_data() {
        wait = new LiveWait(spec(CAPACITY.formatted("1s", "abort").replace("for: 2s", "for: 1s")), client, server,
                events, clock);

        wait.start(clock.instant());
        await().atMost(Duration.ofSeconds(15)).until(() -> wait.abortReason().isPresent());

        assertThat(wait.abortReason().orElseThrow()).endsWith("; no value at all");
    }

    @Test
    void a_wait_still_running_when_the_run_stops_is_cancelled() {
        wait = new LiveWait(spec(CAPACITY.formatted("60s", "continue")), client, server, events, clock);
        wait.start(clock.instant());

        wait.close();

        assertThat(event("wait.cancelled")).isPresent();
        assertThat(event("wait.timedout")).isEmpty();
    }

    @Test
    void a_client_metric_is_read_from_the_client_recorder() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        for (int s = -3; s < 0; s++) {
            client.record("Gameday/Client", "OkCount", Map.of(), now.plusSeconds(s), 5);
        }
        wait = new LiveWait(spec("""
                name: shoppers-served
                during: fault
                metric: { namespace: Gameday/Client, metric: OkCount }
                atLeast: 1
                within: 10s
                """), client, server, events, clock);

        wait.start(now);
        await().atMost(Duration.ofSeconds(15)).until(() -> event("wait.satisfied").isPresent());
    }

    @Test
    void bad_entries_fail_with_file_line_and_field() {
        assertThatThrownBy(() -> spec(CAPACITY.formatted("90s", "continue")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamedays/task-kill.yaml:6: within: must not be longer than the recovery phase (60s): "
                        + "a wait does not lengthen its phase, was 90s");
        assertThatThrownBy(() -> spec(CAPACITY.formatted("30s", "retry")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamedays/task-kill.yaml:7: onTimeout: must be continue or abort, was 'retry'");
        assertThatThrownBy(() -> spec(CAPACITY.formatted("30s", "continue").replace("during: recovery", "during: cooldown")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamedays/task-kill.yaml:2: during: names phase 'cooldown', which this game day does not "
                        + "have (phases: fault, recovery)");
        assertThatThrownBy(() -> spec(CAPACITY.formatted("30s", "continue").replace("atLeast: 2\n", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("gamedays/task-kill.yaml:1:").hasMessageContaining("missing required field 'atMost'");
        assertThatThrownBy(() -> spec(CAPACITY.formatted("30s", "continue").replace("for: 2s", "for: 45s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamedays/task-kill.yaml:5: for: must not be longer than within (30s), was 45s");
    }
}

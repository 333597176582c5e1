package dev.gameday.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.core.event.Event;
import dev.gameday.core.json.Json;
import dev.gameday.definition.GameDayParser;
import dev.gameday.report.summary.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every run writes where its time went: one table in gameday.log, the same steps in summary.json. */
class RunStepsTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRunWritesEveryStepIntoItsLogAndItsSummaryEvenWhenItsTargetCannotOpen() throws IOException {
        Preflight preflight = new Preflight(
                TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")), HOME.resolve("slo-checks/slos"));
        RunSteps steps = new RunSteps(Clock.systemUTC());
        steps.begin("preflight");
        Preflight.Checked checked = preflight.check(GameDayParser.parse(gameday()));
        steps.end();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        GameDayRun run = new GameDayRun(checked, new RunOptions(dir.resolve("runs"), Duration.ofSeconds(5),
                new PrintStream(console, true, StandardCharsets.UTF_8)), (directory, events) -> {
                    throw new IllegalStateException("target unreachable");
                }, steps);

        RunOutcome outcome = run.play();

        assertThat(outcome.summary().verdict()).isEqualTo(Summary.RunVerdict.ABORTED);
        String log = Files.readString(outcome.run().root().resolve("gameday.log"));
        assertThat(log).contains("where the time went");
        for (String step : RunSteps.STEPS) {
            assertThat(log).as("gameday.log names step %s", step).containsPattern("(?m)^" + step + " ");
        }
        JsonNode timings = Json.mapper().readTree(outcome.run().summaryJson().toFile()).get("timings");
        List<String> written = new ArrayList<>();
        timings.forEach(t -> written.add(t.get("step").asText()));
        assertThat(written.stream().filter(RunSteps.STEPS::contains)).containsExactlyElementsOf(RunSteps.STEPS);
        assertThat(written).contains("reports / summary.json", "reports / junit.xml", "reports / summary.md",
                "reports / timeline.png", "reports / allure-results");
        assertThat(step(timings, "preflight").get("duration").isNull()).isFalse();
        assertThat(step(timings, "run directory").get("duration").isNull()).isFalse();
        assertThat(step(timings, "target open").get("duration").isNull()).isFalse(); // it ran, and failed
        assertThat(step(timings, "teardown").get("duration").isNull()).isFalse();
        // No target, so no traffic: listed, as not run.
        assertThat(step(timings, "phases").get("start").isNull()).isTrue();
        assertThat(step(timings, "phases").get("duration").isNull()).isTrue();
        assertThat(step(timings, "traffic end").get("duration").isNull()).isTrue();
        assertThat(outcome.summary().timings()).extracting(Summary.Timing::step).containsAll(RunSteps.STEPS);
    }

    @Test
    void partsOfTheTargetsStartUpComeFromItsEventsUnderTheirStep() {
        RunSteps steps = new RunSteps(Clock.systemUTC());
        List<Event> events = List.of(
                event(0, "platform.starting", Map.of()),
                event(1200, "db.writer.ready", Map.of()),
                event(1500, "queue.ready", Map.of()),
                event(1600, "loadbalancer.ready", Map.of()),
                event(1650, "task.launched", Map.of("task", "abcdef0123456789", "zone", "local-1a")),
                event(5000, "task.started", Map.of("task", "abcdef0123456789", "zone", "local-1a")),
                event(5400, "target.healthy", Map.of("task", "abcdef0123456789", "zone", "local-1a")),
                event(4000, "db.standby.ready", Map.of()));
        steps.record("target open", T0, T0.plusSeconds(6));
        StartupParts.record(events, T0, T0.plusSeconds(6), steps);

        assertThat(steps.timings()).extracting(Summary.Timing::step).containsSubsequence("target open",
                "target open / database writer", "target open / queue", "target open / load balancer",
                "target open / task local-1a abcdef01 launched to ready",
                "target open / task local-1a abcdef01 ready to healthy", "target open / standby", "traffic start");
        assertThat(steps.timings()).filteredOn(t -> t.step().equals("target open / load balancer"))
                .extracting(Summary.Timing::start).containsExactly(T0.plusMillis(1500));
        assertThat(steps.table()).contains("  database writer").contains("not run");
    }

    private static JsonNode step(JsonNode timings, String name) {
        return Stream.iterate(0, i -> i + 1).limit(timings.size()).map(timings::get)
                .filter(t -> t.get("step").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Event event(long millis, String type, Map<String, Object> attrs) {
        return new Event(T0.plusMillis(millis), "platform", type, attrs);
    }

    private Path gameday() throws IOException {
        Path file = dir.resolve("timed.yaml");
        Files.writeString(file, """
                name: timed
                description: A game day whose target cannot be reached.
                platform: { zones: 1, tasksPerZone: 1 }
                load: { usersPerSecond: 1 }
                phases: { steady: 5s }
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                    objective: 99%
                """);
        return file;
    }
}

package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code experiment.requireSteady}: an SLO that misses over the steady phase keeps the experiment
 * from starting, and the run ends ABORTED (exit 2) naming the SLO and its measured value.
 */
class SteadyGateGameDayIT {

    @TempDir
    Path out;

    @Test
    void aGatedSloMissedInSteadyAbortsTheRunBeforeAnyFault() throws Exception {
        Path gameday = out.resolve("unsteady.yaml");
        // No real service answers in under a microsecond: the gate cannot pass.
        Files.writeString(gameday, """
                name: unsteady
                description: A steady-state gate nothing can pass.
                platform: { zones: 2, tasksPerZone: 1 }
                load: { usersPerSecond: 3, shoppers: 4 }
                phases: { warmup: 3s, steady: 6s, fault: 5s, recovery: 3s }
                experiment:
                  template: ecs-stop-task
                  startAt: fault
                  requireSteady: [shopper-availability, instant-answers]
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: { from: steady, to: recovery }
                    objective: 50%
                  - name: instant-answers
                    kind: threshold
                    metric: { namespace: Gameday/Client, metric: ResponseTime, statistic: p99 }
                    window: steady
                    max: 0.000001
                """);
        Process process = Launcher.start(out.resolve("console.log"), "run", gameday.toString(),
                "--out", out.resolve("runs").toString());

        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(out.resolve("console.log"));
        assertThat(process.exitValue()).as(printed).isEqualTo(2);

        Path run;
        try (Stream<Path> dirs = Files.list(out.resolve("runs"))) {
            run = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("ABORTED");
        assertThat(summary.get("abortReason").asText())
                .startsWith("requireSteady: SLO instant-answers not met over steady — measured ")
                .contains("the experiment was not started");
        assertThat(summary.get("experiments")).isEmpty();
        assertThat(summary.get("recovery")).isEmpty();
        List<Event> events = EventLog.read(run.resolve("events.jsonl"));
        assertThat(events).noneMatch(e -> e.type().equals("experiment.started") || e.type().equals("action.state"));
        assertThat(events).anyMatch(e -> e.type().equals("steady.checked")
                && "shopper-availability".equals(e.attr("slo")) && "PASS".equals(e.attr("verdict")));
        assertThat(events).anyMatch(e -> e.type().equals("steady.checked")
                && "instant-answers".equals(e.attr("slo")) && "FAIL".equals(e.attr("verdict")));
    }
}

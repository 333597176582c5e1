package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ctrl-C in the middle of a fault, through the real launcher and a real SIGINT: the game day must
 * stop its experiment, stop the traffic, tear the platform down (no task or database process
 * left), write its reports marked ABORTED and exit 2.
 */
class AbortGameDayIT {

    @TempDir
    Path out;

    @Test
    void sigintMidFaultLeavesNothingRunningAndReportsAborted() throws Exception {
        Path gameday = out.resolve("zone-cut.yaml");
        Files.writeString(gameday, """
                name: zone-cut
                description: A zone is cut off for a minute; the test interrupts it in the middle.
                platform: { zones: 2, tasksPerZone: 1 }
                load: { usersPerSecond: 2, shoppers: 5 }
                phases: { warmup: 3s, steady: 3s, fault: 60s, recovery: 10s }
                experiment:
                  template: az-power-interruption
                  parameters: { zone: local-1a, duration: PT1M }
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: run
                    objective: 99%
                """);
        Path runs = out.resolve("runs");
        Path console = out.resolve("console.log");
        Process process = Launcher.start(console, "run", gameday.toString(), "--out", runs.toString());

        await("the zone to be cut").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions() // the log may be read while a line is being written
                .until(() -> eventTypes(runs).contains("zone.impaired") || !process.isAlive());
        assertThat(process.isAlive()).as(Files.readString(console)).isTrue();
        List<ProcessHandle> children = process.descendants().toList();
        assertThat(children).as("task JVMs and PostgreSQL under the run").isNotEmpty();

        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        String printed = Files.readString(console, StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isEqualTo(2);

        await("every child process to be gone").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(children.stream().filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList()).isEmpty());

        Path run = onlyRunDirectory(runs);
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("ABORTED");
        assertThat(summary.get("abortReason").asText()).contains("interrupted");
        assertThat(run.resolve("junit.xml")).isRegularFile();

        List<Event> events = EventLog.read(run.resolve("events.jsonl"));
        assertThat(events).extracting(Event::type).contains("gameday.aborted", "zone.restored");
        // Stopped by the run's teardown or by the platform's own shutdown hook, whichever came first.
        assertThat(events).anyMatch(e -> e.type().equals("experiment.state") && "stopped".equals(e.attr("state")));
        assertThat(printed).contains("verdict: ABORTED");

        // The CI gate on the aborted run's directory says so too: exit 2, with the reason.
        Path gateLog = runs.resolve("gate.log");
        Process gate = Launcher.start(gateLog, "gate", run.toString());
        assertThat(gate.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String gated = Files.readString(gateLog);
        assertThat(gate.exitValue()).as(gated).isEqualTo(2);
        assertThat(gated).contains("aborted: interrupted", "gate: ABORTED");
    }

    private static List<String> eventTypes(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            Path events = dirs.map(d -> d.resolve("events.jsonl")).filter(Files::exists).findFirst().orElse(null);
            return events == null ? List.of() : EventLog.read(events).stream().map(Event::type).toList();
        }
    }

    private static Path onlyRunDirectory(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}

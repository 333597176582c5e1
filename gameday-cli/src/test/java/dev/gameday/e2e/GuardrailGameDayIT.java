package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guardrail that breaks aborts the game day: the run stops early, exits 2, and its reports say
 * ABORTED with the guardrail named.
 */
class GuardrailGameDayIT {

    @TempDir
    Path out;

    @Test
    void aBrokenGuardrailAbortsTheRun() throws Exception {
        Path gameday = out.resolve("tripwire.yaml");
        // Any traffic at all breaks this guardrail: more than one request in three seconds.
        Files.writeString(gameday, """
                name: tripwire
                description: A guardrail that any traffic breaks.
                platform: { zones: 1, tasksPerZone: 1 }
                load: { usersPerSecond: 2, shoppers: 3 }
                phases: { warmup: 5s, steady: 60s }
                guardrails:
                  - name: any-traffic
                    metric: { namespace: Gameday/Client, metric: RequestCount }
                    over: 3s
                    max: 1
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                    objective: 99%
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
        assertThat(summary.get("abortReason").asText()).startsWith("guardrail any-traffic breached");
        List<Event> events = EventLog.read(run.resolve("events.jsonl"));
        assertThat(events).anyMatch(e -> e.type().equals("guardrail.breached") && "any-traffic".equals(e.attr("guardrail")));
        // It stopped long before the planned 65 seconds of phases.
        JsonNode phases = summary.get("phases");
        JsonNode last = phases.get(phases.size() - 1);
        assertThat(Duration.between(Instant.parse(phases.get(0).get("start").asText()),
                Instant.parse(last.get("end").asText()))).isLessThan(Duration.ofSeconds(30));
    }
}

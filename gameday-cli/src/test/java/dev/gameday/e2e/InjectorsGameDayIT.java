package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.simulation.recorder.ClientMetrics;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A game day whose traffic three injector processes send (tasks of the local {@code gameday-injectors}
 * service, across zones), one of them killed (SIGKILL) in the middle: the harness reports it, keeps
 * the seconds it streamed, and the run's figures are the exact merge of the three injectors' — their
 * sum, agreeing with the load balancer's own count within 1 % — with idempotency keys unique across
 * injectors.
 */
class InjectorsGameDayIT {

    @TempDir
    Path out;

    @Test
    void threeInjectorsMergeExactlyAndAKilledOneIsReported() throws Exception {
        Path gameday = out.resolve("three-injectors.yaml");
        Files.writeString(gameday, """
                name: three-injectors
                description: Three injectors send the traffic; one is killed mid-run.
                platform: { zones: 2, tasksPerZone: 1 }
                load: { usersPerSecond: 4, injectors: 3 }
                phases: { warmup: 5s, steady: 20s, recovery: 5s }
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: { from: steady, to: recovery }
                    objective: 99%
                  - name: no-acknowledged-order-lost
                    kind: order-integrity
                """);
        Path runs = out.resolve("runs");
        Process process = Launcher.start(out.resolve("console.log"), "run", gameday.toString(), "--out", runs.toString());

        // Once the steady phase runs, kill inj-2 the way a lost host would: no SIGTERM, no goodbye.
        Path events = awaitSteady(process, runs, out.resolve("console.log"));
        long pid = EventLog.read(events).stream()
                .filter(e -> e.type().equals("injector.launched") && "inj-2".equals(e.attr("injector")))
                .map(e -> Long.parseLong(e.attr("pid"))).findFirst().orElseThrow();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly)).contains(true);

        assertThat(process.waitFor(4, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(out.resolve("console.log"));
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("injector inj-2 (local-1b) died");

        Path run = events.getParent();
        List<Event> log = EventLog.read(run.resolve("events.jsonl"));
        assertThat(log).anyMatch(e -> e.type().equals("injector.died") && "inj-2".equals(e.attr("injector")));
        assertThat(log).noneMatch(e -> e.type().equals("injector.died") && !"inj-2".equals(e.attr("injector")));
        assertThat(log).filteredOn(e -> e.type().equals("injector.ready")).hasSize(3);

        // Each injector's own files; the killed one's client.json is what it streamed until it died.
        long sum = 0;
        for (String id : List.of("inj-1", "inj-2", "inj-3")) {
            Path dir = run.resolve("injectors").resolve(id);
            assertThat(dir.resolve("client.json")).isRegularFile();
            assertThat(dir.resolve("orders.jsonl")).isRegularFile();
            sum += requests(ClientMetrics.read(dir.resolve("client.json")));
        }
        assertThat(run.resolve("injectors/inj-1/gatling/index.html")).isRegularFile();
        JsonNode perInjector = Json.mapper().readTree(run.resolve("injectors/injectors.json").toFile()).get("injectors");
        assertThat(perInjector).hasSize(3);
        assertThat(perInjector.get(1).get("died").asBoolean()).isTrue();
        assertThat(perInjector.get(1).get("clientFrom").asText()).isEqualTo("feed");
        assertThat(perInjector.get(0).get("zone").asText()).isEqualTo("local-1a");
        assertThat(perInjector.get(1).get("zone").asText()).isEqualTo("local-1b");

        // The run's figures are the exact merge: its count is the injectors' sum …
        long merged = requests(ClientMetrics.read(run.resolve("metrics/client.json")));
        assertThat(merged).isEqualTo(sum).isGreaterThan(300);
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        // … and agrees with what the load balancer counted over the whole run, within 1 %.
        RecordedMetrics server = RecordedMetrics.read(run.resolve("metrics/server.json"));
        String loadBalancer = server.series().stream()
                .filter(s -> s.query().metricName().equals("RequestCount"))
                .map(s -> s.query().dimensions().get("LoadBalancer")).findFirst().orElseThrow();
        double counted = server.fetch(new MetricQuery("AWS/ApplicationELB", "RequestCount",
                        Map.of("LoadBalancer", loadBalancer), Statistic.SUM, Duration.ofSeconds(1)),
                Instant.parse(summary.get("startedAt").asText()), Instant.parse(summary.get("endedAt").asText()).plusSeconds(1)).sum();
        assertThat(counted).as("ALB RequestCount vs the %s requests the injectors recorded", merged)
                .isCloseTo(merged, org.assertj.core.data.Percentage.withPercentage(1));

        // Orders: the union of the injectors' ledgers, idempotency keys unique across injectors.
        List<LedgerEntry> orders = OrderLedgerFile.read(run.resolve("orders.jsonl"));
        assertThat(orders).isNotEmpty();
        assertThat(orders).extracting(LedgerEntry::idempotencyKey).doesNotHaveDuplicates();
        assertThat(orders).extracting(o -> o.idempotencyKey().substring(0, 5)).contains("inj-1", "inj-3");
        assertThat(summary.get("verdict").asText()).isEqualTo("PASS");
    }

    private static long requests(ClientMetrics metrics) {
        return metrics.requests().stream().mapToLong(r -> r.ok() + r.ko()).sum();
    }

    /**
     * Waits for the run's steady phase; a run that ends before it, or never gets there, fails the
     * test with what the run printed.
     */
    private static Path awaitSteady(Process process, Path runs, Path console) throws java.io.IOException {
        try {
            return Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .failFast("the run ended before its steady phase", () -> !process.isAlive())
                    .until(() -> steadyStarted(runs), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; the run printed:\n" + Files.readString(console), e);
        }
    }

    /** The events file of the one run under {@code runs}, once its steady phase has started. */
    private static Optional<Path> steadyStarted(Path runs) throws java.io.IOException {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path events = dir.resolve("events.jsonl");
                if (Files.isRegularFile(events) && Files.readString(events).contains("\"phase\":\"steady\"")) {
                    return Optional.of(events);
                }
            }
        }
        return Optional.empty();
    }
}

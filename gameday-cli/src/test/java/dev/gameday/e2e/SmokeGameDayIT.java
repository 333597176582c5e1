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
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the {@code smoke} game day end to end through the real launcher script, as a user would:
 * the local platform starts, shoppers shop, a task is stopped, the SLOs are judged and the run
 * directory is written. The game day must PASS: losing one task of two is invisible to shoppers on
 * the local platform as on AWS. Then the CI gate ({@code gameday gate}) judges the run directory
 * as a pipeline would, and agrees.
 */
class SmokeGameDayIT {

    /** Kept after the build (not a temp folder): CI screenshots its Allure report (.ci/allure-check). */
    private static final Path OUT = Path.of("target", "e2e-runs", "smoke").toAbsolutePath();

    @Test
    void smokePlaysEndToEnd() throws Exception {
        Path out = OUT;
        deleteRecursively(out);
        Files.createDirectories(out);
        Path console = out.resolve("console.log");
        Process process = Launcher.start(console, "run", "smoke", "--out", out.toString());
        boolean ended = process.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String printed = Files.readString(console, StandardCharsets.UTF_8);
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();

        Path run = onlyRunDirectory(out);
        assertThat(run.resolve("gatling/index.html")).isRegularFile();
        assertThat(run.resolve("junit.xml")).isRegularFile();
        assertThat(run.resolve("metrics/server.json")).isRegularFile();
        assertThat(run.resolve("metrics/client.json")).isRegularFile();
        assertThat(run.resolve("orders.jsonl")).isRegularFile();
        assertThat(run.resolve("timeline.png")).isRegularFile();
        assertThat(run.resolve("allure-report/index.html")).isRegularFile();
        try (Stream<Path> results = Files.list(run.resolve("allure-results"))) {
            assertThat(results.filter(p -> p.toString().endsWith("-result.json"))).isNotEmpty();
        }

        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("PASS");
        assertThat(summary.get("slos")).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode slo : summary.get("slos")) {
            assertThat(slo.has("name") && slo.has("objective") && slo.has("measured") && slo.has("verdict")).as(slo.toString()).isTrue();
        }
        assertThat(summary.get("load").get("requests").asLong()).isGreaterThan(100);

        List<Event> events = EventLog.read(run.resolve("events.jsonl"));
        assertThat(events).extracting(Event::type)
                .contains("phase.started", "experiment.started", "task.stopping", "task.stopped", "phase.ended");
        // The scheduler replaces the task as soon as it starts stopping (ECS does not wait for the drain).
        Event stopping = events.stream().filter(e -> e.type().equals("task.stopping")).findFirst().orElseThrow();
        Event replacement = events.stream()
                .filter(e -> e.type().equals("task.started") && e.ts().isAfter(stopping.ts()))
                .findFirst().orElseThrow(() -> new AssertionError("no replacement task started after " + stopping));
        assertThat(replacement.attr("task")).isNotEqualTo(stopping.attr("task"));
        assertThat(events).anyMatch(e -> e.type().equals("task.stopped") && stopping.attr("task").equals(e.attr("task")));
        // The live wait of the recovery phase ran and said how it ended; the metrics' resolution was recorded.
        assertThat(events).anyMatch(e -> e.type().equals("wait.started") && "capacity-back".equals(e.attr("wait")));
        assertThat(events).anyMatch(e -> e.type().equals("wait.satisfied") || e.type().equals("wait.timedout"));
        assertThat(events).anyMatch(e -> e.type().equals("metrics.resolution")
                && "TargetResponseTime".equals(e.attr("metric")) && "1".equals(e.attr("finestPeriodSeconds")));
        assertThat(summary.get("apiCalls").isEmpty()).as("the local target makes no paid API calls").isTrue();

        // Traffic kept flowing through the fault: shoppers were answered while the task was replaced.
        JsonNode fault = null;
        for (JsonNode phase : summary.get("phases")) {
            if (phase.get("name").asText().equals("fault")) {
                fault = phase;
            }
        }
        assertThat(fault).as("a fault phase in " + summary.get("phases")).isNotNull();
        RecordedMetrics client = RecordedMetrics.read(run.resolve("metrics/client.json"));
        double okDuringFault = client.fetch(new MetricQuery("Gameday/Client", "OkCount", Map.of(), Statistic.SUM,
                        Duration.ofSeconds(1)), Instant.parse(fault.get("start").asText()).truncatedTo(ChronoUnit.SECONDS),
                Instant.parse(fault.get("end").asText())).sum();
        assertThat(okDuringFault).isGreaterThan(20);

        // Accounts are leased one journey at a time, so no buyer finds its cart emptied by another
        // shopper (400 "cart is empty"): a checkout that fails is the shop's failure. Only a cart
        // the shop itself failed to fill may be empty, so no more 400s than failed cart adds —
        // none at all in a run where every cart add succeeded, as in a healthy smoke run.
        List<LedgerEntry> orders = OrderLedgerFile.read(run.resolve("orders.jsonl"));
        assertThat(orders).as("checkouts in orders.jsonl").hasSizeGreaterThan(5);
        long emptyCarts = orders.stream().flatMap(o -> o.attempts().stream())
                .filter(a -> a.status() != null && a.status() == 400).count();
        double failedCartAdds = client.fetch(new MetricQuery("Gameday/Client", "KoCount", Map.of("Request", "cart add"),
                Statistic.SUM, Duration.ofSeconds(1)), Instant.parse(summary.get("startedAt").asText()).truncatedTo(ChronoUnit.SECONDS),
                Instant.parse(summary.get("endedAt").asText()).plusSeconds(1)).sum();
        assertThat(emptyCarts).as("checkouts answered 400 in %s, with %s failed cart adds", orders, failedCartAdds)
                .isLessThanOrEqualTo((long) failedCartAdds);

        // What the shoppers sent is what the load balancer counted (issue: client counts agree with
        // the ALB's RequestCount): over the whole run, within 3 %.
        Instant runStart = Instant.parse(summary.get("phases").get(0).get("start").asText()).truncatedTo(ChronoUnit.SECONDS);
        Instant runEnd = Instant.parse(summary.get("endedAt").asText()).plusSeconds(1);
        double sent = client.fetch(new MetricQuery("Gameday/Client", "RequestCount", Map.of(), Statistic.SUM,
                Duration.ofSeconds(1)), runStart, runEnd).sum();
        RecordedMetrics server = RecordedMetrics.read(run.resolve("metrics/server.json"));
        String loadBalancer = server.series().stream()
                .filter(s -> s.query().metricName().equals("RequestCount"))
                .map(s -> s.query().dimensions().get("LoadBalancer")).findFirst().orElseThrow();
        double counted = server.fetch(new MetricQuery("AWS/ApplicationELB", "RequestCount",
                Map.of("LoadBalancer", loadBalancer), Statistic.SUM, Duration.ofSeconds(1)), runStart, runEnd).sum();
        assertThat(counted).as("ALB RequestCount vs %s requests the shoppers sent", sent)
                .isCloseTo(sent, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(printed).contains("verdict: " + summary.get("verdict").asText(), "report: ");

        // `gameday report` rebuilds the reports from the run directory alone, to the same bytes.
        byte[] before = Files.readAllBytes(run.resolve("summary.json"));
        byte[] junitBefore = Files.readAllBytes(run.resolve("junit.xml"));
        Process rebuild = Launcher.start(out.resolve("report.log"), "report", run.toString());
        assertThat(rebuild.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(rebuild.exitValue()).as(Files.readString(out.resolve("report.log"))).isZero();
        assertThat(Files.readAllBytes(run.resolve("summary.json"))).isEqualTo(before);
        assertThat(Files.readAllBytes(run.resolve("junit.xml"))).isEqualTo(junitBefore);

        // The CI gate, as the README writes it, agrees with the run: exit 0, one line per SLO.
        Path gateLog = out.resolve("gate.log");
        Process gate = Launcher.start(gateLog, "gate", run.toString());
        assertThat(gate.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String gated = Files.readString(gateLog);
        assertThat(gate.exitValue()).as(gated).isZero();
        for (JsonNode slo : summary.get("slos")) {
            assertThat(gated).contains("PASS     " + slo.get("name").asText());
        }
        assertThat(gated).contains("gate: PASS — smoke " + run.getFileName());
        assertThat(Files.readAllBytes(run.resolve("junit.xml"))).isEqualTo(junitBefore);
        // A folder that is not a run (the runs folder itself) is not judged: exit 2.
        Process notARun = Launcher.start(out.resolve("gate-not-a-run.log"), "gate", out.toString());
        assertThat(notARun.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(notARun.exitValue()).as(Files.readString(out.resolve("gate-not-a-run.log"))).isEqualTo(2);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Path onlyRunDirectory(Path out) throws IOException {
        try (Stream<Path> dirs = Files.list(out)) {
            List<Path> runs = dirs.filter(Files::isDirectory).toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }
}

package dev.gameday.platform.fault;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.task.TaskInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gray-failure and zonal-shift actions played on a real platform (shop tasks as child JVMs,
 * embedded PostgreSQL, the load balancer over real HTTP), each judged by its effect: answers
 * measurably slower, retransmissions and stalls, a disk written to, a zone's request count at
 * zero, a hung or killed task replaced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrayFailureTest {

    private static EventLog events;
    private static LocalPlatform platform;
    private static LocalFaultInjector injector;

    @BeforeAll
    static void start() {
        events = EventLog.inMemory(Clock.systemUTC());
        // Health checks a little more patient than the scaled defaults: on a machine loaded by other
        // builds a 1 s timeout flaps healthy tasks, and a task replaced mid-test is not the effect measured.
        platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false).standby(false)
                .healthCheck(new HealthCheck("/health", Duration.ofSeconds(2), Duration.ofSeconds(2), 2, 3))
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "10", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .eventLog(events).start();
        injector = new LocalFaultInjector(platform);
    }

    @AfterAll
    static void stop() {
        if (injector != null) {
            injector.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    /** A test that failed half-way must not leave its fault on for the next one (ECS allows one network fault per task). */
    @AfterEach
    void stopExperiments() {
        injector.experiments().forEach(e -> e.stop("test over"));
    }

    @Test
    @Order(1)
    void latencyWithJitterMakesTheZonesAnswersSlower() throws Exception {
        TaskInfo task = taskIn("local-1b");
        TcpForwarder edge = platform.service().ingress(task.id()).orElseThrow();
        long before = median(timings(edge, 15));

        RunningExperiment experiment = start("latency", taskAction("aws:ecs:task-network-latency", "local-1b",
                "\"delayMilliseconds\": \"300\", \"jitterMilliseconds\": \"50\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> !edge.impairmentToClient().isNone());
        List<Long> during = timings(edge, 15);
        experiment.stop("test over");
        long after = median(timings(edge, 15));

        // 300 ms ± 50 on each answer: none comes back sooner than 250 ms, the median moves by well over a
        // hundred (the baseline is noisy on a loaded machine), and jitter spreads the answers.
        assertThat(Collections.min(during)).as("fastest answer during, of %s", during).isGreaterThanOrEqualTo(245);
        assertThat(median(during)).as("median before %d ms, during %s", before, during).isGreaterThanOrEqualTo(before + 150);
        assertThat(Collections.max(during) - Collections.min(during)).as("spread of %s", during).isGreaterThan(5);
        assertThat(after).as("median once stopped").isLessThan(before + 150);
    }

    @Test
    @Order(2)
    void packetLossRetransmitsAndStallsSomeAnswers() throws Exception {
        TaskInfo task = taskIn("local-1a");
        TcpForwarder edge = platform.service().ingress(task.id()).orElseThrow();
        long baselineMax = Collections.max(timings(edge, 10));
        long retransmittedBefore = edge.retransmissions();

        RunningExperiment experiment = start("loss", taskAction("aws:ecs:task-network-packet-loss", "local-1a",
                "\"lossPercent\": \"40\""));
        await().atMost(Duration.ofSeconds(10)).until(() -> edge.impairmentToClient().lossPercent() == 40);
        List<Long> during = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < 20; i++) {
            try {
                during.addAll(timings(edge, 1));
            } catch (IOException lostTooOften) {
                failed++; // a handshake lost five times in a row outlasts the client's patience: a failed connection
            }
        }
        experiment.stop("test over");

        // Every request opens a connection: a lost handshake costs a second, a lost segment 200 ms.
        assertThat(edge.retransmissions()).isGreaterThan(retransmittedBefore);
        assertThat(during.stream().filter(ms -> ms >= baselineMax + 180).count() + failed)
                .as("answers stalled by a retransmission (baseline max %d ms): %s; %d failed", baselineMax, during, failed)
                .isPositive();
        assertThat(edge.impairmentToClient().isNone()).isTrue();
    }

    @Test
    @Order(3)
    void ioStressWritesToTheTasksDiskUntilItEnds() throws Exception {
        TaskInfo task = taskIn("local-1a");
        RunningExperiment experiment = start("io", taskAction("aws:ecs:task-io-stress", "local-1a",
                "\"percent\": \"10\", \"workers\": \"1\""));
        Path directory = platform.workDirectory().resolve("io-stress").resolve(task.id());
        await().atMost(Duration.ofSeconds(20)).until(() -> sidecar(task).isPresent() && writtenBytes(sidecar(task).get()) > 1_000_000);
        long pid = sidecar(task).orElseThrow();
        experiment.stop("test over");

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(directory) && Files.list(directory).findAny().isPresent()).as("files left in %s", directory).isFalse();
    }

    @Test
    @Order(4)
    void zonalAutoshiftMovesTheZonesRequestsToZeroAndKeptAliveConnectionsFinish() throws Exception {
        HttpClient keptAlive = HttpClient.newHttpClient();
        assertThat(zoneOf(keptAlive)).isNotNull();
        String lb = platform.names().loadBalancer();
        String template = """
                {"description": "shift away from local-1a",
                 "targets": {"alb": {"resourceType": "aws:arc:zonal-shift-managed-resource",
                   "resourceArns": ["arn:aws:elasticloadbalancing:local:000000000000:loadbalancer/%s"], "selectionMode": "ALL"}},
                 "actions": {"shift": {"actionId": "aws:arc:start-zonal-autoshift", "targets": {"ManagedResources": "alb"},
                   "parameters": {"duration": "PT30M", "availabilityZoneIdentifier": "local-1a", "managedResourceTypes": "ALB"}}},
                 "stopConditions": [{"source": "none"}], "roleArn": "arn:aws:iam::000000000000:role/fis"}
                """.formatted(lb);
        RunningExperiment experiment = start("shift", template);
        await().atMost(Duration.ofSeconds(10)).until(() -> !platform.loadBalancer().nodes().shifted().isEmpty());
        Instant shifted = Instant.now();

        List<String> zones = zonesOfNewConnections(12);
        // A connection made before the shift is still served, at the client's pace.
        for (int i = 0; i < 4; i++) {
            assertThat(zoneOf(keptAlive)).isNotNull();
        }
        assertThat(zones).as("zones that served new connections after the shift").containsOnly("local-1b");
        await().atMost(Duration.ofSeconds(5)).until(() -> sum("local-1b", shifted) >= 12);
        assertThat(sum("local-1a", shifted) <= 5).as("local-1a requests after the shift: only the kept-alive ones").isTrue();

        experiment.stop("test over");
        assertThat(events.events(e -> e.type().equals("zonal-shift.ended"))).hasSize(1);
        assertThat(zonesOfNewConnections(6)).contains("local-1a", "local-1b");
    }

    @Test
    @Order(5)
    void aBlackholedPortFailsHealthChecksAndTheTaskIsReplaced() throws Exception {
        TaskInfo hung = taskIn("local-1a");
        RunningExperiment experiment = start("blackhole", taskAction("aws:ecs:task-network-blackhole-port", "local-1a",
                "\"port\": \"8080\", \"trafficType\": \"ingress\", \"protocol\": \"tcp\""));
        awaitReplaced(hung, "failed ELB health checks");
        experiment.stop("test over");
    }

    @Test
    @Order(6)
    void aStoppedProcessFailsHealthChecksAndTheTaskIsReplaced() throws Exception {
        TaskInfo hung = taskIn("local-1b");
        // SIGSTOP: the process is alive but answers nothing, as a hung JVM.
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(hung.pid())).start().waitFor()).isZero();
        awaitReplaced(hung, "failed ELB health checks");
    }

    @Test
    @Order(7)
    void killProcessEndsTheTaskAndTheServiceReplacesIt() throws Exception {
        TaskInfo victim = taskIn("local-1a");
        RunningExperiment experiment = start("kill", taskAction("aws:ecs:task-kill-process", "local-1a",
                "\"processName\": \"java\", \"signal\": \"SIGKILL\""));
        await().atMost(Duration.ofSeconds(20)).until(() -> experiment.state().status().isFinal());
        assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.COMPLETED);
        awaitReplaced(victim, "Essential container in task exited");
    }

    private static void awaitReplaced(TaskInfo old, String reason) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !stopped(old).isEmpty() && platform.service().isSteady()
                && platform.tasks().size() == 2);
        assertThat(stopped(old).get(0).attr("reason").toString()).contains(reason);
        assertThat(platform.tasks()).extracting(TaskInfo::id).doesNotContain(old.id());
    }

    private static List<Event> stopped(TaskInfo task) {
        return events.events(e -> e.type().equals("task.stopped") && task.id().equals(e.attr("task")));
    }

    private static RunningExperiment start(String name, String template) {
        return injector.start(TestExperiments.validated(name, template));
    }

    /** A template running {@code actionId} on the tasks of one zone for half an hour (until the test stops it). */
    private static String taskAction(String actionId, String zone, String parameters) {
        return """
                {"description": "%s in %s",
                 "targets": {"zoneTasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "gameday-local", "service": "shop"},
                   "filters": [{"path": "AvailabilityZone", "values": ["%s"]}], "selectionMode": "ALL"}},
                 "actions": {"fault": {"actionId": "%s", "targets": {"Tasks": "zoneTasks"},
                   "parameters": {%s%s}}},
                 "stopConditions": [{"source": "none"}], "roleArn": "arn:aws:iam::000000000000:role/fis"}
                """.formatted(actionId, zone, zone, actionId,
                actionId.endsWith("kill-process") ? "" : "\"duration\": \"PT30M\", ", parameters);
    }

    private static TaskInfo taskIn(String zone) {
        return platform.tasks().stream().filter(t -> t.zone().name().equals(zone)).findFirst().orElseThrow();
    }

    /** Response times in ms of {@code count} health checks sent straight to the task's edge, each on a new connection. */
    private static List<Long> timings(TcpForwarder edge, int count) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + edge.port() + "/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.add((System.nanoTime() - started) / 1_000_000);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        return out;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The zone of the task that answered a health check through the load balancer on {@code client}'s connection. */
    private static String zoneOf(HttpClient client) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(platform.url().resolve("/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (String zone : List.of("local-1a", "local-1b")) {
            if (response.body().contains("\"" + zone + "\"")) {
                return zone;
            }
        }
        return null;
    }

    /** The zones that served {@code count} health checks, each on a new connection (a fresh DNS answer). */
    private static List<String> zonesOfNewConnections(int count) throws Exception {
        List<String> zones = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            zones.add(zoneOf(HttpClient.newHttpClient()));
        }
        return zones;
    }

    private static double sum(String zone, Instant from) {
        MetricQuery query = new MetricQuery(PlatformMetrics.ELB, "RequestCount",
                Map.of("LoadBalancer", platform.names().loadBalancer(), "AvailabilityZone", zone), Statistic.SUM,
                Duration.ofSeconds(1));
        return platform.metrics().fetch(query, from, Instant.now().plusSeconds(1)).sum();
    }

    private static java.util.Optional<Long> sidecar(TaskInfo task) {
        return platform.tasks().stream().filter(t -> t.id().equals(task.id())).findFirst()
                .flatMap(t -> t.sidecarPids().stream().findFirst());
    }

    private static long writtenBytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "io")).stream()
                    .filter(l -> l.startsWith("write_bytes:") || l.startsWith("wchar:"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).max().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

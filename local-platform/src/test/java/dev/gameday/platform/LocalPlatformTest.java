package dev.gameday.platform;

import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.zone.Zone;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.task.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.gameday.platform.fault.TestExperiments.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The platform end to end with real parts: embedded PostgreSQL, shop tasks as child JVMs, the load
 * balancer over real HTTP. One platform for the whole class, because each start costs JVMs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPlatformTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static EventLog events;
    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        events = EventLog.inMemory(Clock.systemUTC());
        platform = LocalPlatform.builder()
                .zones(2)
                .tasksPerZone(1)
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "50", "SHOP_DB_POOL_SIZE", "3", "SHOP_HTTP_THREADS", "8"))
                .eventLog(events)
                .start();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void startsReadyWithOneHealthyTaskPerZoneBehindTheLoadBalancer() throws Exception {
        assertThat(platform.tasks()).hasSize(2)
                .extracting(TaskInfo::state).containsOnly(TaskState.RUNNING);
        assertThat(platform.tasks()).extracting(t -> t.zone().name()).containsExactlyInAnyOrder("local-1a", "local-1b");
        assertThat(platform.healthyTargets()).hasSize(2);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> products = get("/products");
        assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
        // Readiness checks the task's own path to the database and the queue, through its zone's endpoints.
        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(types("task.started")).hasSize(2);
        assertThat(types("service.steady")).isNotEmpty();
        assertThat(platform.liveStatus()).isEqualTo("healthy 1a:1 1b:1 | tasks 2/2");
    }

    @Test
    @Order(2)
    void recordsOneRequestCountPerRequestSent() throws Exception {
        MetricQuery requests = new MetricQuery(PlatformMetrics.ELB, "RequestCount",
                Map.of("LoadBalancer", platform.names().loadBalancer()), Statistic.SUM, Duration.ofSeconds(1));
        Instant from = Instant.now().minusSeconds(600);
        double before = total(requests, from);
        int sent = 25;
        for (int i = 0; i < sent; i++) {
            assertThat(get("/products").statusCode()).isEqualTo(200);
        }
        // A request is recorded before its response is sent, so the count is exact once the responses are in.
        assertThat(total(requests, from) - before).isEqualTo(sent);
        MetricQuery perZone1a = new MetricQuery(PlatformMetrics.ELB, "HTTPCode_Target_2XX_Count",
                Map.of("LoadBalancer", platform.names().loadBalancer(), "AvailabilityZone", "local-1a"),
                Statistic.SUM, Duration.ofSeconds(1));
        assertThat(total(perZone1a, from)).isGreaterThan(0);
        MetricQuery healthy = new MetricQuery(PlatformMetrics.ELB, "HealthyHostCount",
                Map.of("LoadBalancer", platform.names().loadBalancer(), "TargetGroup", platform.names().targetGroup()),
                Statistic.MAXIMUM, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                platform.metrics().fetch(healthy, from, Instant.now().plusSeconds(1)).max().orElse(0) == 2.0);
        MetricQuery queueDepth = new MetricQuery(PlatformMetrics.SQS, "ApproximateNumberOfMessagesVisible",
                Map.of("QueueName", platform.queue().name()), Statistic.MAXIMUM, Duration.ofSeconds(1));
        MetricQuery connections = new MetricQuery(PlatformMetrics.RDS, "DatabaseConnections",
                Map.of("DBClusterIdentifier", "gameday-db"), Statistic.MAXIMUM, Duration.ofSeconds(1));
        MetricQuery cpu = new MetricQuery(PlatformMetrics.ECS, "CPUUtilization",
                Map.of("ClusterName", "gameday-local", "ServiceName", "shop"), Statistic.AVERAGE, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                !platform.metrics().fetch(queueDepth, from, Instant.now().plusSeconds(1)).isEmpty()
                        && platform.metrics().fetch(connections, from, Instant.now().plusSeconds(1)).max().orElse(0) > 0
                        && !platform.metrics().fetch(cpu, from, Instant.now().plusSeconds(1)).isEmpty());
    }

    @Test
    @Order(3)
    void aStoppedTaskIsDrainedAndReplacedWhileTrafficKeepsFlowing() throws Exception {
        TaskInfo victim = platform.tasks().get(0);
        List<Integer> statuses = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                try {
                    statuses.add(get("/products").statusCode());
                } catch (Exception e) {
                    statuses.add(-1);
                }
            }
        });
        traffic.start();
        try {
            platform.stopTask(victim.id(), "test stop");
            await().atMost(Duration.ofSeconds(60)).until(() -> events.events(e -> e.type().equals("task.started")
                    && e.ts().isAfter(Instant.EPOCH)).size() >= 3 && platform.service().isSteady());
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(stopped(victim.id())).extracting(e -> e.attr("reason")).containsExactly("test stop");
        assertThat(types("target.deregistered")).extracting(e -> e.attr("task")).contains(victim.id());
        assertThat(platform.tasks()).hasSize(2).extracting(TaskInfo::id).doesNotContain(victim.id());
        assertThat(platform.tasks()).extracting(t -> t.zone().name()).containsExactlyInAnyOrder("local-1a", "local-1b");
        assertThat(statuses).isNotEmpty().containsOnly(200);
    }

    @Test
    @Order(4)
    void aCrashedTaskIsReplaced() {
        TaskInfo victim = platform.tasks().get(0);
        ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(60)).until(() -> !stopped(victim.id()).isEmpty()
                && platform.service().isSteady() && platform.tasks().size() == 2);
        assertThat(stopped(victim.id())).extracting(e -> e.attr("reason"))
                .containsExactly("Essential container in task exited");
        assertThat(platform.healthyTargets()).hasSize(2);
    }

    @Test
    @Order(5)
    void stopTaskExperimentStopsOneTaskAfterItsWaitAndTheServiceReplacesIt() throws Exception {
        String template = """
                {
                  "description": "stop one shop task after a wait",
                  "targets": {
                    "shopTasks": {
                      "resourceType": "aws:ecs:task",
                      "parameters": {"cluster": "${cluster}", "service": "${service}"},
                      "selectionMode": "COUNT(1)"
                    }
                  },
                  "actions": {
                    "settle": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}},
                    "stopOne": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "shopTasks"}, "startAfter": ["settle"]}
                  },
                  "stopConditions": [{"source": "none"}],
                  "roleArn": "arn:aws:iam::000000000000:role/fis"
                }
                """.replace("${cluster}", platform.names().cluster()).replace("${service}", platform.names().service());
        int startedBefore = types("task.started").size();
        // PT1M (FIS's shortest duration) scaled to about a second.
        try (LocalFaultInjector injector = new LocalFaultInjector(platform, 0.02, new java.util.Random(7))) {
            RunningExperiment experiment = injector.start(validated("ecs-stop-task", template));
            String reason = "stopped by FIS experiment " + experiment.id();
            // The replacement starts while the stopped task still drains: wait for both.
            await().atMost(Duration.ofSeconds(60)).until(() -> experiment.state().status() == ExperimentStatus.COMPLETED
                    && !events.events(e -> e.type().equals("task.stopped") && reason.equals(e.attr("reason"))).isEmpty()
                    && types("task.started").size() > startedBefore && platform.service().isSteady());
            List<Event> stoppedByFis = events.events(e -> e.type().equals("task.stopped") && reason.equals(e.attr("reason")));
            assertThat(stoppedByFis).hasSize(1);
            List<Event> actions = events.events(e -> e.type().equals("action.state")
                    && experiment.id().equals(e.attr("experiment")));
            assertThat(actions).extracting(e -> e.attr("action") + ":" + e.attr("state")).containsSubsequence(
                    "settle:running", "settle:completed", "stopOne:running", "stopOne:completed");
            assertThat(experiment.actionStates().get("stopOne").status()).isEqualTo(ExperimentStatus.COMPLETED);
        }
        assertThat(platform.tasks()).hasSize(2);
    }

    @Test
    @Order(6)
    void anUnsupportedActionIsRefusedBeforeAnythingStarts() throws Exception {
        String template = """
                {
                  "description": "delete the shop's pods",
                  "targets": {
                    "pods": {"resourceType": "aws:eks:pod", "selectionMode": "ALL",
                             "parameters": {"clusterIdentifier": "shop", "namespace": "default", "selectorType": "labelSelector",
                                            "selectorValue": "app=shop"}}
                  },
                  "actions": {
                    "hog": {"actionId": "aws:eks:pod-delete", "parameters": {"kubernetesServiceAccount": "fis"},
                            "targets": {"Pods": "pods"}}
                  },
                  "stopConditions": [{"source": "none"}],
                  "roleArn": "arn:aws:iam::000000000000:role/fis"
                }
                """;
        int before = events.events().size();
        try (LocalFaultInjector injector = new LocalFaultInjector(platform)) {
            ValidatedExperiment pods = validated("pods", template);
            assertThatThrownBy(() -> injector.start(pods))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("aws:eks:pod-delete")
                    .hasMessageContaining("aws:ecs:stop-task");
        }
        assertThat(events.events().subList(before, events.events().size()))
                .noneMatch(e -> e.source().equals(LocalFaultInjector.SOURCE));
    }

    @Test
    @Order(6)
    void cpuStressRunsAStressorInEachTaskThatCountsAsTheTasksCpuAndStopsWithTheAction() throws Exception {
        String template = """
                {
                  "description": "stress the shop's CPU",
                  "targets": {
                    "tasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "gameday-local"}, "selectionMode": "ALL"}
                  },
                  "actions": {
                    "hog": {"actionId": "aws:ecs:task-cpu-stress", "parameters": {"duration": "PT1M", "percent": "80"},
                            "targets": {"Tasks": "tasks"}}
                  },
                  "stopConditions": [{"source": "none"}]
                }
                """;
        MetricQuery cpu = new MetricQuery(PlatformMetrics.ECS, "CPUUtilization",
                Map.of("ClusterName", "gameday-local", "ServiceName", "shop"), Statistic.MAXIMUM, Duration.ofSeconds(1));
        Instant from = Instant.now();
        // PT1M scaled to 12 s: long enough for the once-a-second CPU sampler to see the stressors.
        try (LocalFaultInjector injector = new LocalFaultInjector(platform, 0.2, new java.security.SecureRandom())) {
            RunningExperiment experiment = injector.start(
                    validated("cpu", template));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    platform.tasks().stream().allMatch(t -> t.sidecarPids().size() == 1));
            List<Long> stressors = platform.tasks().stream().flatMap(t -> t.sidecarPids().stream()).toList();
            // The stressor's CPU is the task's: the service's average rises well above an idle shop's.
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    platform.metrics().fetch(cpu, from, Instant.now().plusSeconds(1)).max().orElse(0) > 25);
            await().atMost(Duration.ofSeconds(30)).until(() -> experiment.state().status().isFinal());
            assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.COMPLETED);
            await().atMost(Duration.ofSeconds(5)).until(() -> stressors.stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
            assertThat(platform.tasks()).allMatch(t -> t.sidecarPids().isEmpty());
        }
    }

    @Test
    @Order(6)
    void anExperimentWhoseTargetsResolveToNothingFailsAsInFis() throws Exception {
        String template = """
                {
                  "description": "stop the tasks of a zone the platform does not have",
                  "targets": {
                    "zoneTasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "gameday-local", "service": "shop"},
                                  "filters": [{"path": "AvailabilityZone", "values": ["local-1c"]}], "selectionMode": "ALL"}
                  },
                  "actions": {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "zoneTasks"}}},
                  "stopConditions": [{"source": "none"}],
                  "roleArn": "arn:aws:iam::000000000000:role/fis"
                }
                """;
        try (LocalFaultInjector injector = new LocalFaultInjector(platform)) {
            RunningExperiment experiment = injector.start(validated("empty", template));
            assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.FAILED);
            assertThat(experiment.state().reason()).contains("Target resolution failed", "zoneTasks");
        }
        assertThat(platform.tasks()).hasSize(2);
    }

    @Test
    @Order(7)
    void taskNetworkLatencyDelaysTheZonesTasksUntilTheExperimentStops() throws Exception {
        String template = """
                {
                  "description": "slow local-1b down",
                  "targets": {
                    "zoneTasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "gameday-local", "service": "shop"},
                                  "filters": [{"path": "AvailabilityZone", "values": ["local-1b"]}], "selectionMode": "ALL"}
                  },
                  "actions": {
                    "delay": {"actionId": "aws:ecs:task-network-latency", "targets": {"Tasks": "zoneTasks"},
                              "parameters": {"duration": "PT30M", "delayMilliseconds": "150", "jitterMilliseconds": "10"}}
                  },
                  "stopConditions": [{"source": "none"}],
                  "roleArn": "arn:aws:iam::000000000000:role/fis"
                }
                """;
        TaskInfo slowed = platform.tasks().stream().filter(t -> t.zone().name().equals("local-1b")).findFirst().orElseThrow();
        try (LocalFaultInjector injector = new LocalFaultInjector(platform)) {
            RunningExperiment experiment = injector.start(validated("latency", template));
            await().atMost(Duration.ofSeconds(10)).until(() -> platform.service().ingress(slowed.id())
                    .map(edge -> edge.latencyToClient().equals(Duration.ofMillis(150))).orElse(false));
            assertThat(get("/products").statusCode()).isEqualTo(200);
            experiment.stop("test over");
            assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.STOPPED);
            assertThat(experiment.actionStates().get("delay").status()).isEqualTo(ExperimentStatus.STOPPED);
        }
        assertThat(platform.service().ingress(slowed.id()).orElseThrow().latencyToClient()).isEqualTo(Duration.ZERO);
    }

    @Test
    @Order(8)
    void zoneDisruptionMovesTheServiceOutOfTheZoneAndStoppingTheExperimentRestoresIt() throws Exception {
        String template = """
                {
                  "description": "cut local-1a off",
                  "targets": {
                    "subnets": {"resourceType": "aws:ec2:subnet", "filters": [{"path": "AvailabilityZone", "values": ["local-1a"]}],
                                "resourceTags": {"AzImpairmentPower": "DisruptSubnet"}, "selectionMode": "ALL"}
                  },
                  "actions": {
                    "cut": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "PT30M", "scope": "all"},
                            "targets": {"Subnets": "subnets"}}
                  },
                  "stopConditions": [{"source": "none"}],
                  "roleArn": "arn:aws:iam::000000000000:role/fis"
                }
                """;
        LocalFaultInjector injector = new LocalFaultInjector(platform);
        RunningExperiment experiment = injector.start(validated("az-cut", template));
        Zone a = new Zone("local-1a");
        await().atMost(Duration.ofSeconds(60)).until(() -> platform.network().isImpaired(a)
                && platform.service().isSteady()
                && platform.tasks().stream().allMatch(t -> t.zone().name().equals("local-1b")));
        assertThat(get("/products").statusCode()).isEqualTo(200);
        assertThat(platform.liveStatus()).contains("impaired 1a");
        injector.close();
        assertThat(experiment.state().status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(platform.network().isImpaired(a)).isFalse();
        assertThat(types("zone.restored")).extracting(e -> e.attr("zone")).contains("local-1a");
    }

    private static List<Event> stopped(String taskId) {
        return events.events(e -> e.type().equals("task.stopped") && taskId.equals(e.attr("task")));
    }

    private static List<Event> types(String type) {
        return events.events(e -> e.type().equals(type));
    }

    private static double total(MetricQuery query, Instant from) {
        double sum = platform.metrics().fetch(query, from, Instant.now().plusSeconds(2)).sum();
        return sum;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(platform.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void everyPortThePlatformOpensListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces())
                .stream().filter(nic -> !nic.getName().startsWith("lo"))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        Assumptions.assumeTrue(external.isPresent(), "no non-loopback IPv4 address on this host");
        Zone first = platform.zones().get(0);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("load balancer", platform.url().getPort());
        ports.put("database writer endpoint", platform.database().writerEndpoint(first).port());
        ports.put("queue endpoint", platform.queue().endpoint(first).getPort());
        platform.tasks().forEach(t -> ports.put("task " + t.id(), t.port()));
        platform.targetGroup().targets().forEach(t -> ports.put("task ingress " + t.id(), t.port()));

        ports.forEach((what, port) -> {
            assertThat(reachable(InetAddress.getLoopbackAddress(), port)).as(what + " on loopback").isTrue();
            assertThat(reachable(external.get(), port)).as(what + " on " + external.get()).isFalse();
        });
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}

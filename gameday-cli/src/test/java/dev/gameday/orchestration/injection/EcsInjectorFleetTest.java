package dev.gameday.orchestration.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.S3Objects;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.definition.LoadSpec;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.inject.UplinkSender;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.gameday.aws.standin.AwsStandIn.callerIdentity;
import static dev.gameday.aws.standin.AwsStandIn.describeTasks;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.injectorTask;
import static dev.gameday.aws.standin.AwsStandIn.taskArn;
import static dev.gameday.simulation.recorder.ClientRecorder.REQUEST_COUNT;
import static dev.gameday.simulation.recorder.ClientRecorder.RESPONSE_TIME;
import static dev.gameday.simulation.recorder.ClientRecorder.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet of three injectors on the {@code aws} target, ECS and S3 stood in by WireMock (responses as
 * the ECS and S3 API references document them). No task really starts, so the test plays each
 * injector from the spec its {@code RunTask} carried, with the injector's own uplink code
 * ({@link S3Uplink}, {@link UplinkSender}) against the same S3 stand-in. It reads back what the SDK
 * sent: one RunTask per injector in its zone's subnet with the spec in a container override, the
 * harness's ListObjectsV2/GetObject polling, StopTask for every task on Ctrl-C; and what the harness
 * made of it: live figures and the merge equal to every sample, a task that stopped without its end
 * mark reported dead with its batches kept.
 */
class EcsInjectorFleetTest {

    private static final String BUCKET = "gameday-results";
    private static final String RUN_ID = "20261207-061840-smoke";
    private static final List<String> ZONES = List.of("eu-west-1a", "eu-west-1b", "eu-west-1a");
    private static final List<String> NAMES = List.of("product", "cart add", "checkout");

    AwsStandIn aws;
    S3Objects s3;
    AwsTarget target;
    EventLog events;

    @BeforeEach
    void open() {
        aws = new AwsStandIn();
        ShopDeployment.stub(aws);
        aws.stubXml("GetCallerIdentity", callerIdentity(AwsStandIn.ACCOUNT));
        s3 = aws.s3Bucket(BUCKET);
        for (int i = 1; i <= 3; i++) {
            String id = "inj-" + i;
            aws.stub(AwsStandIn.ecs("RunTask").withRequestBody(matchingJsonPath("$.tags[1].value", equalTo(id))),
                    "application/x-amz-json-1.1", """
                            {"tasks": [{"taskArn": "%s", "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/shop",
                              "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/gameday-injector:3",
                              "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING", "launchType": "FARGATE",
                              "availabilityZone": "%s", "group": "family:gameday-injector",
                              "containers": [{"name": "injector", "lastStatus": "PENDING"}]}],
                             "failures": []}""".formatted(arn(i), ZONES.get(i - 1)));
        }
        aws.stubEcs("StopTask", """
                {"task": {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "STOPPED", "stopCode": "UserInitiated"}}"""
                .formatted(arn(1)));
        // The injector tasks as DescribeTasks tells them: running, until inj-3's task stops without its end mark.
        aws.stub(AwsStandIn.ecs("DescribeTasks").atPriority(1).withRequestBody(containing("task/shop/0f0f"))
                        .inScenario("injectors").whenScenarioStateIs(Scenario.STARTED),
                "application/x-amz-json-1.1", describeTasks(
                        injectorTask("shop", taskId(1), "inj-1", "eu-west-1a", "RUNNING", null),
                        injectorTask("shop", taskId(2), "inj-2", "eu-west-1b", "RUNNING", null),
                        injectorTask("shop", taskId(3), "inj-3", "eu-west-1a", "RUNNING", null)));
        aws.stub(AwsStandIn.ecs("DescribeTasks").atPriority(1).withRequestBody(containing("task/shop/0f0f"))
                        .inScenario("injectors").whenScenarioStateIs("inj-3 stopped"),
                "application/x-amz-json-1.1", describeTasks(
                        injectorTask("shop", taskId(1), "inj-1", "eu-west-1a", "RUNNING", null),
                        injectorTask("shop", taskId(2), "inj-2", "eu-west-1b", "RUNNING", null),
                        injectorTask("shop", taskId(3), "inj-3", "eu-west-1a", "STOPPED", 143)));
        AwsTargetConfig config = AwsTargetConfig.parse("targets/shop.yaml", ShopDeployment.targetFile("123456789012") + """
                injectors:
                  taskDefinition: gameday-injector:3
                  container: injector
                  subnets: {eu-west-1a: subnet-0a1b2c3d4e5f60718, eu-west-1b: subnet-0b2c3d4e5f6071829}
                  securityGroups: [sg-0123456789abcdef0]
                  results: {bucket: gameday-results}
                """ + aws.endpointsYaml());
        events = EventLog.inMemory(Clock.systemUTC());
        target = AwsTarget.builder(config, events).credentialsProvider(AwsStandIn.CREDENTIALS).runId(RUN_ID).open();
    }

    @AfterEach
    void close() {
        try {
            target.close();
        } finally {
            aws.close();
        }
    }

    @Test
    void injectorsRunAsEcsTasksSendThroughS3AndAreAllStoppedOnCtrlC(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("runs"), "smoke", Instant.parse("2026-12-07T06:18:40Z"));
        LoadSpec load = new LoadSpec(3, 3, "constant", Map.of("browser", 70, "cart-abandoner", 20, "buyer", 10),
                30, ThinkTime.defaults(), 3, false);
        ClientRecorder live = new ClientRecorder();
        List<String> console = new CopyOnWriteArrayList<>();
        CompletableFuture<InjectorFleet> starting = CompletableFuture.supplyAsync(() -> InjectorFleet.start(run, load,
                LoadProfile.constant(3, Duration.ofSeconds(60)), target, live, events, Clock.systemUTC(), console::add,
                reason -> { }));

        // ECS got one RunTask per injector; each carries the spec the injector task runs.
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.server().findAll(ecsRequested("RunTask")).size() == 3);
        List<LoggedRequest> runs = aws.server().findAll(ecsRequested("RunTask"));
        List<InjectorSpec> specs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode body = Json.mapper().readTree(runs.get(i).getBodyAsString());
            assertThat(body.get("count").asInt()).isEqualTo(1);
            assertThat(body.get("launchType").asText()).isEqualTo("FARGATE");
            assertThat(body.get("taskDefinition").asText()).isEqualTo("gameday-injector:3");
            assertThat(body.has("serviceName")).isFalse();
            JsonNode vpc = body.get("networkConfiguration").get("awsvpcConfiguration");
            assertThat(vpc.get("subnets").get(0).asText()).as("inj-%d in %s", i + 1, ZONES.get(i))
                    .isEqualTo(ZONES.get(i).endsWith("a") ? "subnet-0a1b2c3d4e5f60718" : "subnet-0b2c3d4e5f6071829");
            assertThat(vpc.get("securityGroups").get(0).asText()).isEqualTo("sg-0123456789abcdef0");
            JsonNode override = body.get("overrides").get("containerOverrides").get(0);
            assertThat(override.get("name").asText()).isEqualTo("injector");
            InjectorSpec spec = InjectorSpec.fromJson(override.get("environment").get(0).get("value").asText(), "override");
            assertThat(spec.id()).isEqualTo("inj-" + (i + 1));
            assertThat(spec.zone()).isEqualTo(ZONES.get(i));
            assertThat(spec.feedPort()).isZero();
            assertThat(spec.output()).isEqualTo(Path.of("/tmp/gameday-injector", spec.id()));
            assertThat(spec.results().toString()).startsWith("s3://gameday-results/gameday/" + RUN_ID + "/injectors/"
                    + spec.id() + "/?region=eu-west-1&endpoint=");
            assertThat(spec.profile().peakRate()).isEqualTo(1.0);
            specs.add(spec);
        }

        // Each injector: ready, then samples in batches through its own uplink code.
        Random random = new Random(7);
        ClientRecorder union = new ClientRecorder();
        Instant t0 = Instant.now().minusSeconds(20);
        List<PlayedInjector> injectors = new ArrayList<>();
        for (InjectorSpec spec : specs) {
            PlayedInjector injector = new PlayedInjector(spec, dir.resolve("task-" + spec.id()));
            injector.uplink.ready();
            for (int n = 0; n < 300; n++) {
                String name = NAMES.get(random.nextInt(NAMES.size()));
                Instant sent = t0.plusMillis(random.nextInt(15_000));
                Duration took = Duration.ofMillis(1 + random.nextInt(400));
                boolean ok = random.nextInt(40) != 0;
                injector.recorder.record(name, sent, took, ok);
                union.record(name, sent, took, ok);
            }
            injectors.add(injector);
        }
        InjectorFleet fleet = starting.get(30, TimeUnit.SECONDS);
        assertThat(console).anySatisfy(line -> assertThat(line).contains("3 injectors ready")
                .contains("live figures come through S3"));

        // The live figures are every injector's samples, merged exactly.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                live.aggregateOver(query(REQUEST_COUNT, null, Statistic.SUM), t0, t0.plusSeconds(16)) == 900);
        assertThat(live.series(t0, t0.plusSeconds(16))).isEqualTo(union.series(t0, t0.plusSeconds(16)));
        // The status line's part: all three running, and how late their newest second arrived (the samples
        // are from 5 to 20 s ago, so the figures are at least 4 s late whatever the machine's speed).
        assertThat(fleet.injectors()).hasValueSatisfying(status -> {
            assertThat(status.running()).isEqualTo(3);
            assertThat(status.launched()).isEqualTo(3);
            assertThat(status.late()).hasValueSatisfying(late -> assertThat(late).isGreaterThan(Duration.ofSeconds(4)));
            assertThat(status.describe()).startsWith("injectors 3/3 running, figures ≈").endsWith(" s late");
        });

        // Ctrl-C: the run's teardown stops the traffic — StopTask for every injector task.
        fleet.stop("interrupted by a signal (Ctrl-C or SIGTERM)");
        List<String> stopped = new ArrayList<>();
        for (LoggedRequest stop : aws.server().findAll(ecsRequested("StopTask"))) {
            JsonNode body = Json.mapper().readTree(stop.getBodyAsString());
            assertThat(body.get("cluster").asText()).isEqualTo("shop");
            assertThat(body.get("reason").asText()).isEqualTo("gameday run " + RUN_ID + ": traffic stopped");
            stopped.add(body.get("task").asText());
        }
        assertThat(stopped).containsExactlyInAnyOrder(arn(1), arn(2), arn(3));

        // SIGTERM: inj-1 and inj-2 send their files and end marks; inj-3's task is killed before it can.
        injectors.get(0).finish(0);
        injectors.get(1).finish(0);
        aws.server().setScenarioState("injectors", "inj-3 stopped");
        fleet.end(Duration.ofSeconds(60));
        ClientRecorder merged = fleet.merge(run);
        target.close();

        assertThat(merged.series(t0, t0.plusSeconds(16))).isEqualTo(union.series(t0, t0.plusSeconds(16)));
        for (String name : NAMES) {
            assertThat(merged.aggregateOver(query(RESPONSE_TIME, name, Statistic.of("p99")), t0, t0.plusSeconds(16)))
                    .isEqualTo(union.aggregateOver(query(RESPONSE_TIME, name, Statistic.of("p99")), t0, t0.plusSeconds(16)));
        }
        Path injectorsDir = run.root().resolve("injectors");
        assertThat(injectorsDir.resolve("inj-1/client.json")).exists();
        assertThat(injectorsDir.resolve("inj-2/injector.json")).exists();
        JsonNode summary = Json.mapper().readTree(injectorsDir.resolve("injectors.json").toFile());
        assertThat(summary.get("service").asText()).isEqualTo("ecs:shop/gameday-injector");
        assertThat(summary.at("/liveFigures/batches").asLong()).isPositive();
        assertThat(summary.at("/liveFigures/maxSeconds").asDouble()).isPositive();
        assertThat(summary.at("/liveFigures/how").asText()).contains("through S3");
        assertThat(summary.get("injectors").get(2).get("clientFrom").asText()).isEqualTo("feed");
        assertThat(summary.get("injectors").get(2).get("died").asBoolean()).isTrue();
        assertThat(summary.get("injectors").get(0).get("clientFrom").asText()).isEqualTo("injector");
        List<Event> emitted = events.events();
        assertThat(emitted).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("injector.task-stopped");
            assertThat(e.attr("injector")).isEqualTo("inj-3");
            assertThat(e.attr("exitCode")).isEqualTo("143");
        });
        assertThat(emitted).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("injectors.live-lag");
            assertThat(e.attr("final")).isEqualTo("true");
            assertThat(Double.parseDouble(e.attr("maxSeconds"))).isPositive();
        });
        // Every task was stopped once: neither the fleet's end nor the target's close asked again.
        assertThat(aws.server().findAll(ecsRequested("StopTask"))).hasSize(3);

        // The harness's S3 requests: ListObjectsV2 of each injector's live/ folder, StartAfter the last key read;
        // GetObject of each batch; at the end a listing of each injector's folder and a GET per file.
        List<LoggedRequest> lists = aws.s3Requests(BUCKET, "GET").stream()
                .filter(r -> r.queryParameter("list-type").isPresent()).toList();
        assertThat(lists).extracting(r -> r.queryParameter("prefix").firstValue())
                .contains("gameday/" + RUN_ID + "/injectors/inj-1/live/", "gameday/" + RUN_ID + "/injectors/inj-3/",
                        "gameday/" + RUN_ID + "/injectors/inj-1/");
        assertThat(lists.stream().filter(r -> r.queryParameter("start-after").isPresent())
                .map(r -> r.queryParameter("start-after").firstValue()))
                .anySatisfy(after -> assertThat(after).startsWith("gameday/" + RUN_ID + "/injectors/inj-2/live/0000000"));
        assertThat(aws.s3Requests(BUCKET, "GET")).extracting(LoggedRequest::getUrl)
                .contains("/gameday-results/gameday/" + RUN_ID + "/injectors/inj-1/client.json",
                        "/gameday-results/gameday/" + RUN_ID + "/injectors/inj-2/live/00000001.json");
    }

    @Test
    void aFleetThatCannotStartStopsTheTasksItStartedAndClosingTheTargetStopsAnyLeft(@TempDir Path dir) throws Exception {
        aws.stub(AwsStandIn.ecs("RunTask").atPriority(1).withRequestBody(matchingJsonPath("$.tags[1].value", equalTo("inj-3"))),
                "application/x-amz-json-1.1", """
                        {"tasks": [], "failures": [{"arn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/gameday-injector:3",
                          "reason": "RESOURCE:ENI", "detail": "no free ENI in subnet-0a1b2c3d4e5f60718"}]}""");
        RunDirectory run = RunDirectory.create(dir.resolve("runs"), "smoke", Instant.parse("2026-12-07T06:18:40Z"));
        LoadSpec load = new LoadSpec(3, 3, "constant", Map.of("browser", 70, "cart-abandoner", 20, "buyer", 10),
                30, ThinkTime.defaults(), 3, false);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InjectorFleet.start(run, load,
                        LoadProfile.constant(3, Duration.ofSeconds(60)), target, new ClientRecorder(), events, Clock.systemUTC(),
                        line -> { }, reason -> { }))
                .hasMessageContaining("ECS started no task for injector inj-3 in eu-west-1a: RESOURCE:ENI");
        List<String> stopped = new ArrayList<>();
        for (LoggedRequest stop : aws.server().findAll(ecsRequested("StopTask"))) {
            stopped.add(Json.mapper().readTree(stop.getBodyAsString()).get("task").asText());
        }
        assertThat(stopped).containsExactlyInAnyOrder(arn(1), arn(2));

        // A task the fleet did not stop (the harness's teardown failed before it) is stopped when the target closes.
        aws.stub(AwsStandIn.ecs("RunTask").withRequestBody(matchingJsonPath("$.tags[1].value", equalTo("inj-4"))),
                "application/x-amz-json-1.1", """
                        {"tasks": [{"taskArn": "%s", "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING"}], "failures": []}"""
                        .formatted(arn(4)));
        String orphan = target.injectorTasks().launch("inj-4", "eu-west-1b", "{}");
        target.close();
        assertThat(aws.server().findAll(ecsRequested("StopTask"))).hasSize(3);
        assertThat(Json.mapper().readTree(aws.server().findAll(ecsRequested("StopTask")).get(2).getBodyAsString())
                .get("reason").asText()).isEqualTo("gameday run " + RUN_ID + " ended");
        assertThat(Json.mapper().readTree(aws.server().findAll(ecsRequested("StopTask")).get(2).getBodyAsString())
                .get("task").asText()).isEqualTo(orphan).isEqualTo(arn(4));
    }

    @Test
    void theInjectorsBatchIntervalIsTheOneTheHarnessAndThePlanCountOn() {
        // simulations cannot see aws-target: the two constants are held equal here.
        assertThat(UplinkSender.INTERVAL).isEqualTo(dev.gameday.aws.inject.InjectorBucket.BATCH_INTERVAL);
    }

    private static String taskId(int injector) {
        return "0f0f0f0f0f0f4f0f8f0f0f0f0f0f0f0" + injector;
    }

    private static String arn(int injector) {
        return taskArn("shop", taskId(injector));
    }

    /** What runs in an injector task, played by the test with the injector's own uplink code. */
    private static final class PlayedInjector {
        final InjectorSpec spec;
        final Path output;
        final S3Uplink uplink;
        final UplinkSender batches;
        final ClientRecorder recorder = new ClientRecorder();

        PlayedInjector(InjectorSpec spec, Path output) throws Exception {
            this.spec = spec;
            this.output = Files.createDirectories(output);
            this.uplink = S3Uplink.of(spec, AwsStandIn.CREDENTIALS);
            this.batches = new UplinkSender(uplink, output);
            recorder.listen(batches);
        }

        /** Its end: the last batch, its files, its end mark. */
        void finish(int exitCode) throws Exception {
            batches.close();
            recorder.writeTo(output.resolve("client.json"));
            Files.writeString(output.resolve("injector.json"), "{\"id\": \"" + spec.id() + "\"}");
            uplink.finished(batches.nextSequence(), output, exitCode);
            uplink.close();
        }
    }
}

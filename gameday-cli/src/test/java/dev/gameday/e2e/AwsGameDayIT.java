package dev.gameday.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.e2e.aws.StubbedAws;
import dev.gameday.platform.LocalPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A game day on the {@code aws} target, end to end through the real launcher: every AWS endpoint
 * (STS, ECS, RDS, EC2, ELBv2, FIS, CloudWatch, Route 53) is a WireMock server answering as the API
 * references document ({@link StubbedAws}), while the shoppers' traffic goes to a real local shop.
 * The tests check what the run made of AWS's answers and the requests the SDK sent.
 */
class AwsGameDayIT {

    /** Where the normal run's directory and console are kept after the build. */
    private static final Path KEPT = Path.of("target", "e2e-runs", "aws").toAbsolutePath();

    /** The shop the shoppers reach: the local platform's load balancer, one task. */
    static LocalPlatform shop;

    @TempDir
    Path out;

    @BeforeAll
    static void startShop() {
        shop = LocalPlatform.builder().zones(1).tasksPerZone(1).start();
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    private static final String SLOS = """
            slos:
              - name: alb-p99-steady
                kind: threshold
                metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
                window: steady
                max: 0.5
              - name: alb-p99-strict
                description: Stricter than the stubbed 0.12 s, so it must fail.
                kind: threshold
                metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
                window: fault
                max: 0.1
              - name: tasks-running
                kind: threshold
                metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
                window: run
                min: 4
              - name: primary-healthy-before
                kind: threshold
                metric: { namespace: AWS/Route53, metric: HealthCheckStatus, dimensions: { HealthCheckId: %s }, statistic: Minimum }
                window: steady
                min: 1
              - name: dns-fails-over
                kind: dns-failover
                record: %s
                failoverAnswer: %s
                primaryAnswer: %s
                failoverWithin: 10s
                returnWithin: 10s
            """.formatted(StubbedAws.HEALTH_CHECK, StubbedAws.RECORD, StubbedAws.STANDBY, StubbedAws.PRIMARY);

    @Test
    void aGameDayOnStubbedAwsIsJudgedFromWhatAwsAnswered() throws Exception {
        // FIS's time compressed, as the local platform scales AWS's: the template asks for a minute
        // (FIS's shortest disrupt-connectivity), the stand-in completes the experiment after 9 s.
        try (StubbedAws aws = new StubbedAws(Duration.ofSeconds(9))) {
            Path gameday = write("aws-zone-outage.yaml", """
                    name: aws-zone-outage
                    description: A zone loses power on the stubbed AWS deployment; Route 53 fails the shop over.
                    load: { usersPerSecond: 3, shoppers: 5 }
                    phases: { warmup: 3s, steady: 8s, fault: 12s, recovery: 8s }
                    experiment:
                      template: az-power-interruption
                      startAt: fault
                      parameters: { zone: eu-west-1a, duration: PT1M }
                    """ + SLOS);
            Path target = write("stubbed-aws.yaml", aws.targetFile(shop.url()));
            // A previous run's harness died (SIGKILL, host lost) with its experiment still running.
            aws.orphan("EXPorphanOfRun1", "20261206-220000-aws-zone-outage");
            // Kept after the build (not a temp folder), like the smoke run, for a look at what it wrote.
            Path runs = KEPT.resolve("runs");
            deleteRecursively(runs);

            Process process = launch(out.resolve("console.log"), "run", gameday.toString(), "--target", target.toString(),
                    "--out", runs.toString());
            boolean ended = process.waitFor(5, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly();
            }
            String printed = Files.readString(out.resolve("console.log"), StandardCharsets.UTF_8);
            Files.createDirectories(KEPT);
            Files.writeString(KEPT.resolve("console.log"), printed);
            assertThat(ended).as(printed).isTrue();
            // One SLO is written to fail against the stubbed series: exit 1, the gate.
            assertThat(process.exitValue()).as(printed).isEqualTo(1);

            Path run = onlyRunDirectory(runs);
            JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
            assertThat(summary.get("target").asText()).isEqualTo("aws");
            Map<String, JsonNode> slos = new HashMap<>();
            summary.get("slos").forEach(slo -> slos.put(slo.get("name").asText(), slo));
            assertThat(slos.get("alb-p99-steady").get("verdict").asText()).as(slos.toString()).isEqualTo("PASS");
            assertThat(slos.get("alb-p99-steady").get("measured").asDouble()).isEqualTo(0.12);
            assertThat(slos.get("alb-p99-strict").get("verdict").asText()).as(slos.toString()).isEqualTo("FAIL");
            assertThat(slos.get("alb-p99-strict").get("measured").asDouble()).isEqualTo(0.12);
            assertThat(slos.get("tasks-running").get("verdict").asText()).as(slos.toString()).isEqualTo("PASS");
            assertThat(slos.get("primary-healthy-before").get("verdict").asText()).as(slos.toString()).isEqualTo("PASS");
            assertThat(slos.get("dns-fails-over").get("verdict").asText()).as(slos.toString()).isEqualTo("PASS");
            assertThat(summary.get("verdict").asText()).isEqualTo("FAIL");

            List<Event> events = EventLog.read(run.resolve("events.jsonl"));
            assertThat(events.stream().filter(e -> e.type().equals("experiment.state")).map(e -> e.attr("state")))
                    .containsSubsequence("initiating", "running", "completed");
            // The orphan was stopped before anything started, said on the console and in the events; the
            // run's own experiment completed by itself (no StopExperiment for it).
            aws.changing().verify(1, deleteRequestedFor(urlEqualTo("/experiments/EXPorphanOfRun1")));
            assertThat(printed).contains("gameday: stopped FIS experiment EXPorphanOfRun1 left running by run"
                    + " 20261206-220000-aws-zone-outage on ci-runner-7");
            assertThat(events.stream().filter(e -> e.type().equals("experiment.orphan-stopped")).map(e -> e.attr("experiment")))
                    .containsExactly("EXPorphanOfRun1");
            assertThat(events.stream().filter(e -> e.type().equals("aws.call")).map(e -> e.attr("operation")))
                    .containsSubsequence("StopExperiment", "CreateExperimentTemplate", "StartExperiment")
                    .filteredOn("StopExperiment"::equals).hasSize(1);

            // The platform's history was read once at the end, for the run's window, and its reads counted.
            assertThat(events.stream().filter(e -> e.type().equals("history.read")).map(e -> e.source() + " " + e.attr("call")))
                    .containsExactly("aws.cloudwatch cloudwatch:DescribeAlarmHistory", "aws.ecs ecs:DescribeServices",
                            "aws.rds rds:DescribeEvents");
            aws.changing().verify(1, postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeAlarmHistory"))
                    .withFormParam("AlarmName", equalTo("shop-alb-5xx")));
            aws.account().verify(1, postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo("DescribeEvents"))
                    .withFormParam("SourceIdentifier", equalTo("shop-db")).withFormParam("SourceType", equalTo("db-cluster")));
            assertThat(summary.get("apiCalls").get("cloudwatch:DescribeAlarmHistory").asLong()).isEqualTo(1);
            assertThat(summary.get("apiCalls").get("ecs:DescribeServices").asLong()).isEqualTo(1);
            assertThat(summary.get("apiCalls").get("rds:DescribeEvents").asLong()).isEqualTo(1);

            // The experiment carries the run and the harness: a later run can tell whether its harness lives.
            JsonNode startTags = Json.mapper().readTree(aws.changing().findAll(postRequestedFor(urlEqualTo("/experiments")))
                    .get(0).getBodyAsString()).get("tags");
            assertThat(startTags.get("gameday:run-id").asText()).isEqualTo(run.getFileName().toString());
            assertThat(startTags.get("gameday:pid").asText()).matches("\\d+");
            assertThat(startTags.has("gameday:host")).isTrue();
            assertThat(startTags.has("gameday:heartbeat")).isTrue();
            assertThat(events.stream().filter(e -> e.type().equals("dns.answer")).map(e -> e.attr("answers")))
                    .containsSubsequence(StubbedAws.PRIMARY, StubbedAws.STANDBY, StubbedAws.PRIMARY);

            // The template FIS was given: the catalogue's az-power-interruption filled with the target's values.
            List<LoggedRequest> created = aws.changing().findAll(postRequestedFor(urlEqualTo("/experimentTemplates")));
            assertThat(created).hasSize(1);
            JsonNode template = Json.mapper().readTree(created.get(0).getBodyAsString());
            assertThat(template.get("roleArn").asText()).isEqualTo(StubbedAws.ROLE_ARN);
            // The target file's stopConditionAlarms in place of the catalogue's {"source": "none"}.
            assertThat(template.get("stopConditions")).isEqualTo(Json.mapper().readTree(
                    "[{\"source\": \"aws:cloudwatch:alarm\", \"value\": \"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx\"}]"));
            assertThat(template.get("targets").get("zoneTasks")).isEqualTo(Json.mapper().readTree("""
                    {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop", "service": "shop-api"},
                     "filters": [{"path": "AvailabilityZone", "values": ["eu-west-1a"]}], "selectionMode": "ALL"}
                    """));
            assertThat(template.at("/targets/zoneSubnets/resourceTags")).isEqualTo(
                    Json.mapper().readTree("{\"AzImpairmentPower\": \"DisruptSubnet\"}"));
            assertThat(template.at("/targets/dbCluster/resourceArns")).isEqualTo(
                    Json.mapper().readTree("[\"arn:aws:rds:eu-west-1:123456789012:cluster:shop-db\"]"));
            assertThat(template.get("actions").get("disruptZoneSubnets").get("parameters")).isEqualTo(
                    Json.mapper().readTree("{\"duration\": \"PT1M\", \"scope\": \"all\"}"));
            assertThat(template.get("actions").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("stopZoneTasks", "disruptZoneSubnets", "failoverDatabase");
            aws.changing().verify(0, deleteRequestedFor(urlEqualTo("/experiments/" + StubbedAws.EXPERIMENT_ID)));

            // GetMetricData batched: every query of one time range in one call, never more than 500.
            List<Map<String, String>> calls = aws.getMetricDataRequests();
            assertThat(calls).isNotEmpty();
            Set<String> ranges = new HashSet<>();
            int largest = 0;
            for (Map<String, String> call : calls) {
                long queries = call.keySet().stream().filter(k -> k.matches("MetricDataQueries\\.member\\.\\d+\\.Id")).count();
                assertThat(queries).isBetween(1L, 500L);
                largest = Math.max(largest, (int) queries);
                assertThat(ranges.add(call.get("StartTime") + "/" + call.get("EndTime")))
                        .as("a second call for the range of " + call).isTrue();
            }
            // The dashboard alone is 6 series + HealthyHostCount in each of the 3 zones, in one call.
            assertThat(largest).isGreaterThanOrEqualTo(9);

            // Route 53: TestDNSAnswer for the target file's record, health check status for its check.
            aws.changing().verify(getRequestedFor(urlPathEqualTo("/2013-04-01/testdnsanswer")));
            aws.changing().verify(getRequestedFor(urlPathEqualTo("/2013-04-01/healthcheck/" + StubbedAws.HEALTH_CHECK + "/status")));
            assertThat(aws.changing().findAll(getRequestedFor(urlPathEqualTo("/2013-04-01/testdnsanswer"))))
                    .allSatisfy(r -> assertThat(r.queryParameter("recordname").firstValue()).isEqualTo(StubbedAws.RECORD));
        }
    }

    @Test
    void ctrlCMidFaultStopsTheFisExperiment() throws Exception {
        try (StubbedAws aws = new StubbedAws(Duration.ofMinutes(5))) {
            Path gameday = write("aws-long-fault.yaml", """
                    name: aws-long-fault
                    description: A fault longer than the test waits; it is interrupted in the middle.
                    load: { usersPerSecond: 2, shoppers: 3 }
                    phases: { warmup: 3s, steady: 3s, fault: 120s, recovery: 10s }
                    experiment:
                      template: az-power-interruption
                      startAt: fault
                      parameters: { zone: eu-west-1a, duration: PT2M }
                    slos:
                      - name: tasks-running
                        kind: threshold
                        metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
                        window: run
                        min: 4
                    """);
            Path target = write("stubbed-aws.yaml", aws.targetFile(shop.url()));
            Path runs = out.resolve("runs");
            Path console = out.resolve("console.log");
            Process process = launch(console, "run", gameday.toString(), "--target", target.toString(), "--out", runs.toString());

            await("FIS to report the experiment running").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions() // the log may be read while a line is being written
                    .until(() -> experimentStates(runs).contains("running") || !process.isAlive());
            assertThat(process.isAlive()).as(Files.readString(console)).isTrue();

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            boolean ended = process.waitFor(2, TimeUnit.MINUTES);
            String printed = Files.readString(console, StandardCharsets.UTF_8);
            if (!ended) {
                process.destroyForcibly();
            }
            assertThat(ended).as(printed).isTrue();
            assertThat(process.exitValue()).as(printed).isEqualTo(2);

            // StopExperiment is FIS's DELETE /experiments/{id}.
            aws.changing().verify(deleteRequestedFor(urlEqualTo("/experiments/" + StubbedAws.EXPERIMENT_ID)));
            Path run = onlyRunDirectory(runs);
            JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
            assertThat(summary.get("verdict").asText()).isEqualTo("ABORTED");
            List<Event> events = EventLog.read(run.resolve("events.jsonl"));
            assertThat(events.stream().filter(e -> e.type().equals("aws.call")).map(e -> e.attr("operation")))
                    .contains("StopExperiment");
            assertThat(experimentStates(runs)).containsSubsequence("running", "stopped");
            assertThat(printed).contains("verdict: ABORTED");
        }
    }

    @Test
    void planWithoutAnAccountChecksTheFilesAndCountsTheCalls() throws Exception {
        Path console = out.resolve("plan.log");
        Process plan = start(console, false, "plan", "az-outage", "--target", "targets/aws-example.yaml");
        assertThat(plan.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String printed = Files.readString(console);
        assertThat(plan.exitValue()).as(printed).isZero();
        assertThat(printed).contains("game day az-outage on targets/aws-example.yaml (aws: eu-west-1, account 123456789012",
                "experiment az-power-interruption: valid for FIS",
                "  stop condition aws:cloudwatch:alarm arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx",
                "blast radius: not resolved — no AWS credentials found",
                "run with credentials for account 123456789012 to see the tasks, subnets and DB it would touch",
                "cloudwatch:GetMetricData", "route53:TestDNSAnswer", "calls in all")
                .doesNotContain("locally:", "GAMEDAY_SHOP_ADMIN_TOKEN");

        // A target file mistake is still exit 2, with file, line and field.
        Path bad = write("bad-target.yaml", Files.readString(Launcher.HOME.resolve("targets/aws-example.yaml"))
                .replace("region: eu-west-1", "region: Ireland"));
        Process refused = start(out.resolve("bad.log"), false, "plan", "az-outage", "--target", bad.toString());
        assertThat(refused.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("bad.log"))).contains(bad + ":").contains("region: must be an AWS region");

        // Without an alarm stop condition the experiment is refused before anything is called ...
        String example = Files.readString(Launcher.HOME.resolve("targets/aws-example.yaml"));
        Path noAlarm = write("no-alarm.yaml", example.replace("stopConditionAlarms:\n  - shop-alb-5xx\n", ""));
        Process noStop = start(out.resolve("no-alarm.log"), false, "plan", "az-outage", "--target", noAlarm.toString());
        assertThat(noStop.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String refusedText = Files.readString(out.resolve("no-alarm.log"));
        assertThat(noStop.exitValue()).as(refusedText).isEqualTo(2);
        assertThat(refusedText).contains("az-power-interruption.json: $.stopConditions: on AWS an experiment needs an"
                + " aws:cloudwatch:alarm stop condition");
        // ... unless the file allows it, and then the plan warns.
        Path allowing = write("allowing.yaml", example.replace("stopConditionAlarms:\n  - shop-alb-5xx\n",
                "allowNoStopCondition: true\n"));
        Process warned = start(out.resolve("allowing.log"), false, "plan", "az-outage", "--target", allowing.toString());
        assertThat(warned.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String warnedText = Files.readString(out.resolve("allowing.log"));
        assertThat(warned.exitValue()).as(warnedText).isZero();
        assertThat(warnedText).contains("  stop condition none",
                "warning: experiment az-power-interruption has no aws:cloudwatch:alarm stop condition"
                        + " (allowNoStopCondition: true in " + allowing + ")");
    }

    @Test
    void planWithTheAccountResolvesTheBlastRadiusWithReadsOnly() throws Exception {
        try (StubbedAws aws = new StubbedAws(Duration.ofSeconds(15))) {
            Path target = write("stubbed-aws.yaml", aws.targetFile(shop.url()));
            Path gameday = write("aws-zone.yaml", """
                    name: aws-zone
                    description: The zone eu-west-1a loses power.
                    load: { usersPerSecond: 3, shoppers: 5 }
                    phases: { warmup: 5s, steady: 15s, fault: 60s, recovery: 10s }
                    experiment:
                      template: az-power-interruption
                      startAt: fault
                      parameters: { zone: eu-west-1a, duration: PT1M }
                    """ + SLOS);
            Path console = out.resolve("plan.log");
            Process plan = launch(console, "plan", gameday.toString(), "--target", target.toString());
            assertThat(plan.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String printed = Files.readString(console);
            assertThat(plan.exitValue()).as(printed).isZero();
            assertThat(printed).contains("account 123456789012", "zones eu-west-1a,eu-west-1b,eu-west-1c",
                    "blast radius (nothing injected)", "subnet-0a1b2c3d4e5f60001", "shop-db");
            // The orphan sweep asked FIS; nothing was created, started or stopped: a plan only reads.
            aws.changing().verify(getRequestedFor(urlPathEqualTo("/experiments")));
            assertThat(aws.changing().findAll(postRequestedFor(urlEqualTo("/experimentTemplates")))).isEmpty();
            assertThat(aws.changing().findAll(postRequestedFor(urlEqualTo("/experiments")))).isEmpty();
        }
    }

    /** Starts {@code ./gameday ARGS…} as {@link Launcher} does, with dummy AWS credentials in its environment. */
    private static Process launch(Path console, String... args) throws IOException {
        return start(console, true, args);
    }

    /** Starts {@code ./gameday ARGS…} with dummy AWS credentials, or with none to be found anywhere. */
    private static Process start(Path console, boolean credentials, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = Launcher.HOME.resolve("gameday").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder launcher = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile())
                .directory(Launcher.HOME.toFile());
        Map<String, String> env = launcher.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("GAMEDAY_SKIP_BUILD", "1");
        if (credentials) {
            env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("AWS_REGION", "eu-west-1");
        } else {
            // No credentials anywhere the SDK's chain looks: no files, no instance metadata.
            env.put("AWS_SHARED_CREDENTIALS_FILE", Launcher.HOME.resolve("target/no-aws-credentials").toString());
            env.put("AWS_CONFIG_FILE", Launcher.HOME.resolve("target/no-aws-config").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
        }
        // The Allure report is SmokeGameDayIT's subject, not this test's: skip generating it (the
        // run warns and writes every other report), which saves tens of seconds on a busy machine.
        env.put("JAVA_TOOL_OPTIONS", "-Dgameday.allure.home=" + Launcher.HOME.resolve("target/no-allure-here"));
        env.remove("AWS_SESSION_TOKEN");
        Process process = launcher.start();
        process.getOutputStream().close();
        return process;
    }

    private Path write(String name, String text) throws IOException {
        Path file = out.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static List<String> experimentStates(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            Path events = dirs.map(d -> d.resolve("events.jsonl")).filter(Files::exists).findFirst().orElse(null);
            return events == null ? List.of() : EventLog.read(events).stream()
                    .filter(e -> e.type().equals("experiment.state")).map(e -> e.attr("state")).toList();
        }
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

    private static Path onlyRunDirectory(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> found = dirs.filter(Files::isDirectory).toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }
}

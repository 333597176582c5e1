package dev.gameday.aws.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Injector tasks against ECS stood in by WireMock, answering {@code RunTask} and {@code StopTask}
 * as the ECS API reference documents them: the test reads back what the SDK sent.
 */
class EcsInjectorTasksTest {

    private static final String CLUSTER = "gameday-shop";
    private static final Map<String, String> SUBNETS = Map.of("eu-west-1a", "subnet-0a1", "eu-west-1b", "subnet-0b2");

    AwsStandIn aws;
    AwsClients clients;

    @BeforeEach
    void setUp() {
        aws = new AwsStandIn();
        clients = aws.clients(EventLog.inMemory(Clock.systemUTC()));
        // One task per injector (its id is in the gameday:injector tag), in the zone of the subnet it was given.
        for (String id : List.of("inj-1", "inj-2", "inj-3")) {
            SUBNETS.forEach((zone, subnet) -> aws.stub(AwsStandIn.ecs("RunTask")
                            .withRequestBody(matchingJsonPath("$.networkConfiguration.awsvpcConfiguration.subnets[0]", equalTo(subnet)))
                            .withRequestBody(matchingJsonPath("$.tags[1].value", equalTo(id))),
                    "application/x-amz-json-1.1", runTaskReply(zone, id)));
        }
        aws.stubEcs("StopTask", """
                {"task": {"taskArn": "arn:aws:ecs:eu-west-1:123456789012:task/gameday-shop/0a1", "lastStatus": "RUNNING",
                          "desiredStatus": "STOPPED", "stopCode": "UserInitiated"}}""");
    }

    @AfterEach
    void tearDown() {
        clients.close();
        aws.close();
    }

    @Test
    void runsOneFargateTaskPerInjectorInItsZonesSubnetWithTheSpecInItsEnvironmentAndStopsThemAllOnClose() throws Exception {
        EcsInjectorTasks.Placement placement = new EcsInjectorTasks.Placement(CLUSTER, "gameday-injector:3", "injector",
                SUBNETS, List.of("sg-0inj"), false);
        List<String> arns = new ArrayList<>();
        try (EcsInjectorTasks tasks = new EcsInjectorTasks(clients.ecs(), placement, "20261207-061840-smoke")) {
            arns.add(tasks.launch("inj-1", "eu-west-1a", "{\"id\":\"inj-1\"}"));
            arns.add(tasks.launch("inj-2", "eu-west-1b", "{\"id\":\"inj-2\"}"));
            arns.add(tasks.launch("inj-3", "eu-west-1a", "{\"id\":\"inj-3\"}"));
            assertThat(tasks.taskArns()).containsExactlyElementsOf(arns);
        }
        assertThat(arns).containsExactly(arn("inj-1"), arn("inj-2"), arn("inj-3"));

        List<LoggedRequest> runs = aws.server().findAll(ecsRequested("RunTask"));
        assertThat(runs).hasSize(3);
        List<String> zones = List.of("eu-west-1a", "eu-west-1b", "eu-west-1a");
        for (int i = 0; i < 3; i++) {
            JsonNode body = Json.mapper().readTree(runs.get(i).getBodyAsString());
            assertThat(body.get("cluster").asText()).isEqualTo(CLUSTER);
            assertThat(body.get("taskDefinition").asText()).isEqualTo("gameday-injector:3");
            assertThat(body.get("count").asInt()).isEqualTo(1);
            assertThat(body.get("launchType").asText()).isEqualTo("FARGATE");
            assertThat(body.has("serviceName")).as("a stand-alone task, never a service's").isFalse();
            assertThat(body.get("startedBy").asText()).isEqualTo("gameday-20261207-061840-smoke");
            JsonNode vpc = body.get("networkConfiguration").get("awsvpcConfiguration");
            assertThat(vpc.get("subnets")).hasSize(1);
            assertThat(vpc.get("subnets").get(0).asText()).isEqualTo(SUBNETS.get(zones.get(i)));
            assertThat(vpc.get("securityGroups").get(0).asText()).isEqualTo("sg-0inj");
            assertThat(vpc.get("assignPublicIp").asText()).isEqualTo("DISABLED");
            JsonNode override = body.get("overrides").get("containerOverrides").get(0);
            assertThat(override.get("name").asText()).isEqualTo("injector");
            assertThat(override.get("environment").get(0).get("name").asText()).isEqualTo("GAMEDAY_INJECTOR_SPEC");
            assertThat(override.get("environment").get(0).get("value").asText()).isEqualTo("{\"id\":\"inj-" + (i + 1) + "\"}");
            assertThat(body.get("tags").toString()).contains("\"gameday:injector\"", "\"inj-" + (i + 1) + "\"")
                    // Who started it: a later run on this host stops it if this harness dies (InjectorOrphanSweep).
                    .contains("\"gameday:host\"", "\"gameday:pid\"", "\"" + ProcessHandle.current().pid() + "\"");
        }
        List<LoggedRequest> stops = aws.server().findAll(ecsRequested("StopTask"));
        assertThat(stops).hasSize(3);
        List<String> stopped = new ArrayList<>();
        for (LoggedRequest stop : stops) {
            JsonNode body = Json.mapper().readTree(stop.getBodyAsString());
            assertThat(body.get("cluster").asText()).isEqualTo(CLUSTER);
            assertThat(body.get("reason").asText()).isEqualTo("gameday run 20261207-061840-smoke ended");
            stopped.add(body.get("task").asText());
        }
        assertThat(stopped).containsExactlyElementsOf(arns);
    }

    @Test
    void aTaskEcsDidNotStartIsAnErrorNamingItsReasonAndAZoneWithoutSubnetIsRefused() {
        aws.stub(AwsStandIn.ecs("RunTask").atPriority(1), "application/x-amz-json-1.1", """
                {"tasks": [], "failures": [{"arn": "arn:aws:ecs:eu-west-1:123456789012:container-instance/x",
                  "reason": "RESOURCE:ENI", "detail": "no free ENI in subnet-0a1"}]}""");
        EcsInjectorTasks tasks = new EcsInjectorTasks(clients.ecs(), new EcsInjectorTasks.Placement(CLUSTER,
                "gameday-injector", "injector", SUBNETS, List.of(), true), "run-1");
        assertThatThrownBy(() -> tasks.launch("inj-1", "eu-west-1a", "{}"))
                .hasMessageContaining("ECS started no task for injector inj-1 in eu-west-1a: RESOURCE:ENI (no free ENI in subnet-0a1)");
        assertThatThrownBy(() -> tasks.launch("inj-2", "eu-west-1c", "{}"))
                .hasMessageContaining("no subnet for zone eu-west-1c");
        assertThat(tasks.taskArns()).isEmpty();
        tasks.close();
        assertThat(aws.server().findAll(ecsRequested("StopTask"))).isEmpty();
    }

    private static String arn(String injector) {
        return "arn:aws:ecs:eu-west-1:123456789012:task/" + CLUSTER + "/" + injector.replace("inj-", "0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c5");
    }

    /** RunTask's documented reply: the started task (PROVISIONING) and no failures. */
    private static String runTaskReply(String zone, String injector) {
        return """
                {"tasks": [{"taskArn": "%s", "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/%s",
                  "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/gameday-injector:3",
                  "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING", "launchType": "FARGATE",
                  "availabilityZone": "%s", "group": "family:gameday-injector", "startedBy": "gameday-20261207-061840-smoke",
                  "containers": [{"name": "injector", "lastStatus": "PENDING"}]}],
                 "failures": []}""".formatted(arn(injector), CLUSTER, zone);
    }
}

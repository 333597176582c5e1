package dev.gameday.aws.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.fis.Harness;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static dev.gameday.aws.standin.AwsStandIn.describeTasks;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.injectorTask;
import static dev.gameday.aws.standin.AwsStandIn.listTasks;
import static dev.gameday.aws.standin.AwsStandIn.taskArn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A harness killed with SIGKILL leaves its injector tasks running: the next run on its host stops
 * them (ECS stood in by WireMock, the StopTask requests read back), and leaves alone the tasks of a
 * living harness and those of harnesses on other hosts.
 */
class InjectorOrphanSweepTest {

    @Test
    void injectorTasksOfADeadHarnessOnThisHostAreStoppedAndTheOthersLeftAlone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Harness self = Harness.current("20261207-070000-smoke");
        Map<String, String> dead = Map.of(Harness.HOST_TAG, self.host(), Harness.PID_TAG, Long.toString(gone.pid()));
        Map<String, String> alive = Map.of(Harness.HOST_TAG, self.host(), Harness.PID_TAG, Long.toString(self.pid()),
                Harness.PROCESS_START_TAG, String.valueOf(self.processStart()));
        Map<String, String> elsewhere = Map.of(Harness.HOST_TAG, "another-host", Harness.PID_TAG, "1");
        try (AwsStandIn aws = new AwsStandIn();
             AwsClients clients = aws.clients(EventLog.inMemory(Clock.systemUTC()))) {
            List<String> ids = List.of("1a1a1a1a1a1a4a1a8a1a1a1a1a1a1a11", "2b2b2b2b2b2b4b2b8b2b2b2b2b2b2b22",
                    "3c3c3c3c3c3c4c3c8c3c3c3c3c3c3c33");
            aws.stub(AwsStandIn.ecs("ListTasks").withRequestBody(matchingJsonPath("$.family", equalTo("gameday-injector"))),
                    "application/x-amz-json-1.1", listTasks(ids.stream().map(id -> taskArn("shop", id)).toList(), null));
            aws.stubEcs("DescribeTasks", describeTasks(
                    injectorTask("shop", ids.get(0), "inj-1", "eu-west-1a", "RUNNING", null, dead),
                    injectorTask("shop", ids.get(1), "inj-2", "eu-west-1b", "RUNNING", null, alive),
                    injectorTask("shop", ids.get(2), "inj-3", "eu-west-1a", "RUNNING", null, elsewhere)));
            aws.stubEcs("StopTask", """
                    {"task": {"taskArn": "%s", "lastStatus": "RUNNING", "desiredStatus": "STOPPED"}}"""
                    .formatted(taskArn("shop", ids.get(0))));
            InjectorSettings settings = AwsTargetConfig.parse("targets/shop.yaml", ShopDeployment.targetFile("123456789012") + """
                    injectors:
                      taskDefinition: gameday-injector:3
                      container: injector
                      subnets: {eu-west-1a: subnet-0a1b2c3d4e5f60718}
                      results: {bucket: gameday-results}
                    """).injectorSettings().orElseThrow();
            EventLog events = EventLog.inMemory(Clock.systemUTC());

            List<InjectorOrphanSweep.Stopped> stopped = InjectorOrphanSweep.run(clients.ecs(), settings, self, events);

            assertThat(stopped).extracting(InjectorOrphanSweep.Stopped::taskArn).containsExactly(taskArn("shop", ids.get(0)));
            assertThat(stopped.get(0).reason()).contains("pid " + gone.pid()).contains("is gone");
            List<LoggedRequest> stops = aws.server().findAll(ecsRequested("StopTask"));
            assertThat(stops).hasSize(1);
            JsonNode body = Json.mapper().readTree(stops.get(0).getBodyAsString());
            assertThat(body.get("task").asText()).isEqualTo(taskArn("shop", ids.get(0)));
            assertThat(body.get("reason").asText()).startsWith("gameday: injector left running by run 20261207-061840-smoke");
            assertThat(events.events(e -> e.type().equals("injector.orphan-stopped"))).hasSize(1);
            JsonNode list = Json.mapper().readTree(aws.server().findAll(ecsRequested("ListTasks")).get(0).getBodyAsString());
            assertThat(list.get("desiredStatus").asText()).isEqualTo("RUNNING");
            assertThat(list.get("cluster").asText()).isEqualTo("shop");
        }
    }
}

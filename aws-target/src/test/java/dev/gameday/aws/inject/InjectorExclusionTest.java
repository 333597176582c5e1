package dev.gameday.aws.inject;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.time.Clock;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.gameday.aws.standin.AwsStandIn.callerIdentity;
import static dev.gameday.aws.standin.AwsStandIn.describeTasks;
import static dev.gameday.aws.standin.AwsStandIn.ecsRequested;
import static dev.gameday.aws.standin.AwsStandIn.injectorTask;
import static dev.gameday.aws.standin.AwsStandIn.listTasks;
import static dev.gameday.aws.standin.AwsStandIn.taskArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shoppers' injectors stay out of every blast radius: a template whose ECS task target would
 * select one — planned (before any task exists: what {@code plan} checks) or running (listed by the
 * injector family just before FIS gets the experiment) — is refused, naming its target and the task.
 */
class InjectorExclusionTest {

    private static final String INJECTORS = """
            injectors:
              taskDefinition: gameday-injector:3
              container: injector
              subnets: {eu-west-1a: subnet-0a1b2c3d4e5f60718, eu-west-1b: subnet-0b2c3d4e5f6071829}
              results: {bucket: gameday-results}
            """;

    /** Every task of the cluster, whichever service: the injectors are tasks of that cluster too. */
    private static final String WHOLE_CLUSTER = """
            {"description": "Stop a task of the cluster.",
             "targets": {"clusterTasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop"},
                                          "filters": [{"path": "AvailabilityZone", "values": ["eu-west-1b"]}],
                                          "selectionMode": "COUNT(1)"}},
             "actions": {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "clusterTasks"}}},
             "stopConditions": [{"source": "none"}]}
            """;

    private static InjectorSettings settings() {
        return AwsTargetConfig.parse("targets/shop.yaml", ShopDeployment.targetFile("123456789012") + INJECTORS)
                .injectorSettings().orElseThrow();
    }

    @Test
    void aTemplateSelectingPlannedInjectorTasksIsRefusedNamingItsTargetAndTheTask() {
        ExperimentTemplate template = TemplateParser.parse("whole-cluster", "templates/whole-cluster.json", WHOLE_CLUSTER,
                TemplateParser.Format.JSON);
        // Injector 2 of 3 runs in eu-west-1b: the zone filter does not keep it out.
        assertThatThrownBy(() -> InjectorExclusion.refuse(template,
                InjectorExclusion.planned(settings(), "eu-west-1", "123456789012", 3), "gameday-injector"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("templates/whole-cluster.json: target 'clusterTasks' (aws:ecs:task) resolves to"
                        + " injector task arn:aws:ecs:eu-west-1:123456789012:task/shop/<inj-2> (injector inj-2, task"
                        + " definition family gameday-injector)")
                .hasMessageContaining("must stay out of the blast radius");
        // One injector (in eu-west-1a) is not selected by the eu-west-1b filter.
        InjectorExclusion.refuse(template, InjectorExclusion.planned(settings(), "eu-west-1", "123456789012", 1),
                "gameday-injector");
        // The catalogue's templates select the shop's service (or its tags): injectors are never candidates.
        for (String name : List.of("ecs-stop-task", "az-power-interruption", "task-cpu-stress", "ecs-stop-tasks-in-zone")) {
            ExperimentTemplate catalogued = TemplateCatalogue.classpath().load(name);
            InjectorExclusion.refuse(TemplateValidator.validate(catalogued, java.util.Map.ofEntries(
                            java.util.Map.entry("cluster", "shop"), java.util.Map.entry("service", "shop-api"),
                            java.util.Map.entry("zone", "eu-west-1b"), java.util.Map.entry("zones", "eu-west-1a,eu-west-1b"),
                            java.util.Map.entry("region", "eu-west-1"), java.util.Map.entry("account", "123456789012"),
                            java.util.Map.entry("roleArn", "arn:aws:iam::123456789012:role/gameday-fis"),
                            java.util.Map.entry("loadBalancer", "app/shop-alb/50dc6c495c0c9188"),
                            java.util.Map.entry("targetGroup", "targetgroup/shop-tg/73e2d6bc24d8a067"),
                            java.util.Map.entry("dbCluster", "shop-db"), java.util.Map.entry("dbInstance", "shop-db-1"))).template(),
                    InjectorExclusion.planned(settings(), "eu-west-1", "123456789012", 12), "gameday-injector");
        }
    }

    @Test
    void anExperimentThatWouldHitARunningInjectorTaskNeverReachesFis() {
        try (AwsStandIn aws = new AwsStandIn()) {
            ShopDeployment.stub(aws);
            aws.stubXml("GetCallerIdentity", callerIdentity(AwsStandIn.ACCOUNT));
            String injector = "9f8e7d6c5b4a4f3e8d7c6b5a4f3e2d1c";
            // ListTasks by the injector family: one injector task running.
            aws.stub(AwsStandIn.ecs("ListTasks").atPriority(2)
                            .withRequestBody(matchingJsonPath("$.family", equalTo("gameday-injector"))),
                    "application/x-amz-json-1.1", listTasks(List.of(taskArn("shop", injector)), null));
            aws.stub(AwsStandIn.ecs("DescribeTasks").atPriority(2)
                            .withRequestBody(matchingJsonPath("$.tasks[0]", equalTo(taskArn("shop", injector)))),
                    "application/x-amz-json-1.1", describeTasks(injectorTask("shop", injector, "inj-2", "eu-west-1b", "RUNNING", null)));
            AwsTargetConfig config = AwsTargetConfig.parse("targets/shop.yaml", ShopDeployment.targetFile("123456789012")
                    + "allowNoStopCondition: true\n" + INJECTORS + aws.endpointsYaml());
            try (AwsTarget target = AwsTarget.builder(config, EventLog.inMemory(Clock.systemUTC()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                    .runId("20261207-061840-smoke")
                    .open()) {
                ExperimentTemplate template = TemplateParser.parse("whole-cluster", "templates/whole-cluster.json",
                        WHOLE_CLUSTER, TemplateParser.Format.JSON);
                assertThatThrownBy(() -> target.faultInjector().start(TemplateValidator.validate(template, target.parameters())))
                        .hasMessageContaining("target 'clusterTasks' (aws:ecs:task) resolves to injector task "
                                + taskArn("shop", injector) + " (injector inj-2");
            }
            aws.server().verify(ecsRequested("ListTasks").withRequestBody(matchingJsonPath("$.family", equalTo("gameday-injector")))
                    .withRequestBody(matchingJsonPath("$.desiredStatus", equalTo("RUNNING"))));
            aws.server().verify(0, postRequestedFor(urlEqualTo("/experimentTemplates")));
            aws.server().verify(0, postRequestedFor(urlEqualTo("/experiments")));
        }
    }
}

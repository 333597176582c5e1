package dev.gameday.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.stack.StackOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stack, property by property, on the synthesized template (CDK assertions plus the template as
 * JSON where a set must be compared whole). Synthesis runs the jsii runtime: one per variant.
 */
class GamedayShopStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;
    private static Template template;
    private static JsonNode json;
    private static SharedTimings timings;

    @BeforeAll
    static void synthesize() {
        home = GamedayShopApp.home();
        template = Template.fromStack(GamedayShopApp.stack(home, DeploymentOptions.defaults(), Map.of()));
        json = JSON.valueToTree(template.toJSON());
        timings = SharedTimings.load(home);
    }

    @Test
    void theVpcSpansThreeZonesWithPublicAndPrivateSubnetsInEach() {
        template.resourceCountIs("AWS::EC2::Subnet", 6);
        Set<String> zones = new TreeSet<>();
        resources("AWS::EC2::Subnet").forEach(s -> zones.add(s.at("/Properties/AvailabilityZone/Fn::Select/0").asText()));
        assertThat(zones).containsExactly("0", "1", "2");
        // The az-power-interruption template cuts the subnets tagged like AWS's scenario: the three private ones.
        template.resourcePropertiesCountIs("AWS::EC2::Subnet", Map.of("Tags", Match.arrayWith(List.of(
                Map.of("Key", "AzImpairmentPower", "Value", "DisruptSubnet")))), 3);
    }

    @Test
    void natGatewaysAreOneByDefaultAndThreeOnRequest() {
        template.hasParameter("NatGateways", Map.of("Default", 1, "AllowedValues", List.of("1", "3")));
        template.resourceCountIs("AWS::EC2::NatGateway", 3);
        List<JsonNode> conditional = resources("AWS::EC2::NatGateway").stream()
                .filter(n -> n.path("Condition").asText().equals("ThreeNatGateways")).toList();
        assertThat(conditional).hasSize(2);
        // Without the second and third gateway, their zones route through the first.
        template.resourcePropertiesCountIs("AWS::EC2::Route", Map.of("NatGatewayId",
                Map.of("Fn::If", Match.arrayWith(List.of("ThreeNatGateways")))), 2);
    }

    @Test
    void theLoadBalancerHasZonalShiftAndExplicitCrossZone() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of(
                "Scheme", "internet-facing",
                "LoadBalancerAttributes", Match.arrayWith(List.of(
                        Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "true"),
                        Map.of("Key", "zonal_shift.config.enabled", "Value", "true")))));
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("TargetGroupAttributes",
                Match.arrayWith(List.of(Map.of("Key", "load_balancing.cross_zone.enabled", "Value", "true")))));
    }

    @Test
    void theTargetGroupsHealthCheckAndDeregistrationDelayAreTheSharedTimings() {
        template.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of(
                "HealthCheckPath", timings.healthCheck().path(),
                "HealthCheckIntervalSeconds", timings.healthCheck().interval().toSeconds(),
                "HealthCheckTimeoutSeconds", timings.healthCheck().timeout().toSeconds(),
                "HealthyThresholdCount", timings.healthCheck().healthyThreshold(),
                "UnhealthyThresholdCount", timings.healthCheck().unhealthyThreshold(),
                "TargetGroupAttributes", Match.arrayWith(List.of(Map.of("Key", "deregistration_delay.timeout_seconds",
                        "Value", Long.toString(timings.deregistrationDelay().toSeconds()))))));
        // AWS's defaults, which is what local-aws-timings.yaml promises to hold.
        assertThat(timings.healthCheck().interval().toSeconds()).isEqualTo(30);
        assertThat(timings.deregistrationDelay().toSeconds()).isEqualTo(300);
    }

    @Test
    void theContainersStopTimeoutIsTheSharedOneAndTheTaskDefinitionTemplateAgrees() {
        JsonNode container = taskDefinition().at("/Properties/ContainerDefinitions/0");
        assertThat(container.get("StopTimeout").asLong()).isEqualTo(timings.stopTimeout().toSeconds());
        assertThat(ShopContainerSpec.load(home).stopTimeoutSeconds()).as(ShopContainerSpec.FILE + " stopTimeout")
                .isEqualTo(timings.stopTimeout().toSeconds());
    }

    @Test
    void theTaskDefinitionEnablesFaultInjectionAndCarriesTheTemplatesContainer() {
        ShopContainerSpec spec = ShopContainerSpec.load(home);
        JsonNode task = taskDefinition();
        assertThat(task.at("/Properties/EnableFaultInjection").asBoolean()).isTrue();
        assertThat(task.at("/Properties/NetworkMode").asText()).isEqualTo("awsvpc");
        assertThat(task.at("/Properties/Cpu").asText()).isEqualTo(Integer.toString(spec.cpu()));
        JsonNode container = task.at("/Properties/ContainerDefinitions/0");
        JsonNode hc = container.get("HealthCheck");
        assertThat(JSON.convertValue(hc.get("Command"), List.class)).isEqualTo(spec.healthCheck().command());
        assertThat(hc.get("Interval").asInt()).isEqualTo(spec.healthCheck().interval());
        assertThat(hc.get("StartPeriod").asInt()).isEqualTo(spec.healthCheck().startPeriod());
        assertThat(container.at("/LogConfiguration/LogDriver").asText()).isEqualTo("awslogs");
        Map<String, JsonNode> env = new java.util.HashMap<>();
        container.get("Environment").forEach(e -> env.put(e.get("Name").asText(), e.get("Value")));
        assertThat(env.get("SHOP_EMF_NAMESPACE").asText()).isEqualTo("GamedayShop");
        assertThat(env.get("SHOP_EMF_SERVICE").asText()).isEqualTo(GamedayShopStack.SERVICE_NAME);
        assertThat(env.get("SHOP_DB_URL").toString()).contains("jdbc:postgresql://").contains("Endpoint.Address");
        assertThat(env.keySet()).containsAll(spec.environment().keySet());
        List<String> secrets = new ArrayList<>();
        container.get("Secrets").forEach(s -> secrets.add(s.get("Name").asText()));
        assertThat(secrets).containsExactlyInAnyOrder("SHOP_DB_PASSWORD", "SHOP_ADMIN_TOKEN");
        template.resourceCountIs("AWS::SecretsManager::Secret", 2);
    }

    @Test
    void theServiceRunsATaskPerZoneAtLeastRebalancesAndScalesOnRequestsPerTarget() {
        template.hasParameter("DesiredCount", Map.of("Default", 3, "MinValue", 3));
        template.hasResourceProperties("AWS::ECS::Service", Map.of(
                "AvailabilityZoneRebalancing", "ENABLED",
                "DesiredCount", Map.of("Ref", "DesiredCount"),
                "LaunchType", "FARGATE",
                "DeploymentConfiguration", Match.objectLike(Map.of("MinimumHealthyPercent", 100, "MaximumPercent", 200))));
        assertThat(resources("AWS::ECS::Service").get(0).at("/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets"))
                .hasSize(3);
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
                "MinCapacity", Map.of("Ref", "DesiredCount"), "MaxCapacity", Map.of("Ref", "MaxCount")));
        template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
                "PolicyType", "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
                        "PredefinedMetricSpecification", Match.objectLike(Map.of(
                                "PredefinedMetricType", "ALBRequestCountPerTarget")),
                        "TargetValue", GamedayShopStack.REQUESTS_PER_TARGET))));
    }

    @Test
    void theDatabaseIsAMultiAzClusterWithWriterAndReaderInDifferentZones() {
        template.hasResourceProperties("AWS::RDS::DBCluster", Map.of("Engine", "aurora-postgresql",
                "DatabaseName", "shop", "StorageEncrypted", true));
        List<JsonNode> instances = resources("AWS::RDS::DBInstance");
        assertThat(instances).hasSize(2);
        assertThat(instances.stream().map(i -> i.at("/Properties/AvailabilityZone/Fn::Select/0").asInt()).toList())
                .containsExactlyInAnyOrder(0, 1);
        // A sandbox stack leaves nothing behind when destroyed.
        assertThat(resources("AWS::RDS::DBCluster").get(0).get("DeletionPolicy").asText()).isEqualTo("Delete");
    }

    @Test
    void theFulfilmentQueueHasADeadLetterQueue() {
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("RedrivePolicy",
                Map.of("deadLetterTargetArn", Match.anyValue(), "maxReceiveCount", 5)));
    }

    @Test
    void theAlarmsAreNamedAsTheGameDaysNameThemAndThe5xxOneIsTheSharedDefinition() throws IOException {
        Set<String> names = new TreeSet<>();
        resources("AWS::CloudWatch::Alarm").forEach(a -> names.add(a.at("/Properties/AlarmName").asText()));
        assertThat(names).containsExactlyInAnyOrder("gameday-shop-5xx", "gameday-shop-unhealthy-hosts", "gameday-shop-queue-age");
        // Every alarm a catalogue template names as a stop condition exists in the stack.
        assertThat(names).containsAll(catalogueStopConditionAlarms());
        var shared = timings.alarm(GamedayShopStack.ALARM_5XX, Map.of("loadBalancer", "lb"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "AlarmName", "gameday-shop-5xx",
                "Namespace", shared.metric().namespace(), "MetricName", shared.metric().metricName(),
                "Statistic", shared.metric().statistic().name(), "Period", shared.metric().period().toSeconds(),
                "EvaluationPeriods", shared.evaluationPeriods(), "DatapointsToAlarm", shared.datapointsToAlarm(),
                "Threshold", shared.threshold(), "ComparisonOperator", shared.comparison().name(),
                "Dimensions", List.of(Map.of("Name", "LoadBalancer",
                        "Value", Map.of("Fn::GetAtt", List.of(logicalId("AWS::ElasticLoadBalancingV2::LoadBalancer"),
                                "LoadBalancerFullName"))))));
    }

    @Test
    void theFisRoleIsAllowedExactlyWhatTheCataloguesActionsNeed() throws IOException {
        assertThat(FisPermissions.BY_FIS_ACTION.keySet()).as("FIS actions of chaos-experiments/templates")
                .containsExactlyInAnyOrderElementsOf(catalogueActions());
        assertThat(fisRoleActions(json)).containsExactlyElementsOf(FisPermissions.all());
        JsonNode trust = role("FisRole").at("/Properties/AssumeRolePolicyDocument/Statement/0");
        assertThat(trust.at("/Principal/Service").asText()).isEqualTo("fis.amazonaws.com");
    }

    @Test
    void everyOutputATargetFileNeedsIsDeclaredUnderItsKey() {
        Set<String> expected = new TreeSet<>();
        for (StackOutput output : StackOutput.values()) {
            if (output != StackOutput.DB_INSTANCE) {
                expected.add(output.key());
            }
        }
        expected.add(GamedayShopStack.HARNESS_POLICY_OUTPUT);
        Set<String> keys = new TreeSet<>();
        json.get("Outputs").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isEqualTo(expected);
        for (StackOutput optional : List.of(StackOutput.HOSTED_ZONE_ID, StackOutput.RECORD_NAME, StackOutput.HEALTH_CHECK_ID)) {
            assertThat(json.at("/Outputs/" + optional.key() + "/Condition").asText()).isEqualTo("WithRoute53");
        }
        for (StackOutput optional : List.of(StackOutput.INJECTOR_TASK_DEFINITION, StackOutput.INJECTOR_CONTAINER,
                StackOutput.INJECTOR_SUBNETS, StackOutput.INJECTOR_SECURITY_GROUP, StackOutput.RESULTS_BUCKET)) {
            assertThat(json.at("/Outputs/" + optional.key() + "/Condition").asText()).isEqualTo("WithInjectors");
        }
        template.hasResourceProperties("AWS::Route53::HealthCheck", Map.of("HealthCheckConfig", Match.objectLike(Map.of(
                "ResourcePath", timings.healthCheck().path(), "Type", "HTTP"))));
    }

    @Test
    void theInstanceOptionBuildsAMultiAzInstanceAndDropsTheClusterFailoverPermission() throws IOException {
        Template instance = Template.fromStack(GamedayShopApp.stack(home,
                new DeploymentOptions(DeploymentOptions.Database.INSTANCE, true), Map.of()));
        instance.resourceCountIs("AWS::RDS::DBCluster", 0);
        instance.hasResourceProperties("AWS::RDS::DBInstance", Map.of("MultiAZ", true, "Engine", "postgres"));
        JsonNode instanceJson = JSON.valueToTree(instance.toJSON());
        assertThat(instanceJson.at("/Outputs/" + StackOutput.DB_INSTANCE.key()).isMissingNode()).isFalse();
        Set<String> expected = new TreeSet<>(FisPermissions.all());
        expected.remove("rds:FailoverDBCluster");
        assertThat(fisRoleActions(instanceJson)).containsExactlyElementsOf(expected);
        // The Cognito option: a user pool whose tokens the shop validates.
        instance.resourceCountIs("AWS::Cognito::UserPool", 1);
        String env = instanceJson.toString();
        assertThat(env).contains("SHOP_JWKS_URL").contains("/.well-known/jwks.json").contains("SHOP_JWT_AUDIENCE");
    }

    @Test
    void theHarnessPolicyIsTheDocsPolicyOnThisStacksResources() throws IOException {
        JsonNode file = JSON.readTree(home.resolve(HarnessPolicy.FILE).toFile());
        JsonNode policy = resources("AWS::IAM::ManagedPolicy").stream()
                .filter(p -> p.at("/Properties/Description").asText().contains(HarnessPolicy.FILE)).findFirst()
                .orElseThrow().at("/Properties/PolicyDocument");
        assertThat(json.at("/Outputs/" + GamedayShopStack.HARNESS_POLICY_OUTPUT + "/Value/Ref").asText())
                .startsWith("HarnessPolicy");
        // Statement by statement: the file's Sids, effects and actions exactly; the Route 53 one only with Route 53,
        // the injectors' task definition, roles and bucket only with the injector option.
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode statement : policy.get("Statement")) {
            JsonNode conditional = statement.path("Fn::If");
            if (!conditional.isMissingNode()) {
                String sid = conditional.get(1).get("Sid").asText();
                assertThat(conditional.get(0).asText()).as(sid).isEqualTo(sid.startsWith("Route53") ? "WithRoute53" : "WithInjectors");
                assertThat(conditional.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                statement = conditional.get(1);
            }
            statements.add(statement);
        }
        assertThat(statements).hasSameSizeAs(file.get("Statement"));
        for (int i = 0; i < statements.size(); i++) {
            JsonNode mine = statements.get(i);
            JsonNode theirs = file.get("Statement").get(i);
            assertThat(mine.get("Sid")).isEqualTo(theirs.get("Sid"));
            assertThat(mine.get("Effect")).isEqualTo(theirs.get("Effect"));
            assertThat(mine.get("Action")).as(theirs.get("Sid").asText()).isEqualTo(theirs.get("Action"));
            // Conditions unchanged, but for an ARN in one (ecs:cluster): this stack's, checked below.
            if (!theirs.path("Condition").toString().contains("\"arn:")) {
                assertThat(mine.path("Condition")).as(theirs.get("Sid").asText()).isEqualTo(theirs.path("Condition"));
            }
            // Wildcards stay wildcards; every other resource is this stack's, no example account or region left.
            assertThat(mine.get("Resource").toString().equals("\"*\"")).isEqualTo(theirs.get("Resource").asText().equals("*"));
        }
        String scoped = policy.toString();
        assertThat(scoped).doesNotContain("123456789012").doesNotContain("eu-west-1").doesNotContain("0f1e2d3c")
                .doesNotContain(":cluster/shop\"").doesNotContain("role/gameday-fis");
        JsonNode byName = statementsBySid(statements);
        assertThat(byName.at("/PassOnlyTheFisRoleOnlyToFis/Resource/Fn::GetAtt/0").asText()).startsWith("FisRole");
        assertThat(byName.at("/EcsListTheServicesTasks/Condition/ArnEquals/ecs:cluster/Fn::GetAtt/0").asText())
                .isEqualTo(logicalId("AWS::ECS::Cluster"));
        assertThat(byName.at("/EcsDescribeTheServiceAndItsTasks/Resource/1/Ref").asText())
                .isEqualTo(logicalId("AWS::ECS::Service"));
        assertThat(byName.at("/RdsDescribeTheDatabase/Resource/0").toString()).contains(logicalId("AWS::RDS::DBCluster"));
        // The alarms' history, of this stack's alarms only: the 5XX stop condition and the others a target file lists.
        assertThat(byName.at("/CloudWatchHistoryOfTheTargetFilesAlarms/Resource").toString())
                .contains(":alarm:" + GamedayShopStack.ALARM_5XX + "\"", ":alarm:" + GamedayShopStack.ALARM_UNHEALTHY_HOSTS + "\"",
                        ":alarm:" + GamedayShopStack.ALARM_QUEUE_AGE + "\"");
        assertThat(byName.at("/CloudWatchHistoryOfTheTargetFilesAlarms/Resource")).hasSize(3);
        assertThat(byName.at("/Route53StatusOfTheTargetFilesHealthChecks/Resource").toString())
                .contains(logicalId("AWS::Route53::HealthCheck"));
    }

    @Test
    void theInjectorOptionAddsTheInjectorTaskDefinitionItsRolesAndTheResultsBucketOnlyWithItsImage() {
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("Family", GamedayShopStack.INJECTOR_FAMILY,
                "ContainerDefinitions", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Name", GamedayShopStack.INJECTOR_CONTAINER, "Command", List.of("inject"), "StopTimeout", 60))))));
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> json.get("Resources").fields()) {
            boolean injectorPart = e.getKey().startsWith("InjectorTaskDef") || e.getKey().startsWith("InjectorSg")
                    || e.getKey().startsWith("InjectorResults");
            if (injectorPart) {
                assertThat(e.getValue().path("Condition").asText()).as(e.getKey()).isEqualTo("WithInjectors");
            }
        }
        template.hasResourceProperties("AWS::S3::Bucket", Map.of("PublicAccessBlockConfiguration", Map.of(
                "BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
        // The task role puts objects under the results prefix, nothing else.
        String taskRolePolicy = resources("AWS::IAM::Policy").stream().map(JsonNode::toString)
                .filter(p -> p.contains("InjectorTaskDefTaskRole")).findFirst().orElseThrow();
        assertThat(taskRolePolicy).contains("\"s3:PutObject\"").contains("/" + GamedayShopStack.RESULTS_PREFIX + "/*");
    }

    @Test
    void anArnOfTheDocsPolicyTheStackHasNoCounterpartForStopsTheSynthesis(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve(HarnessPolicy.FILE), """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Known", "Effect": "Allow", "Action": "ecs:ListTasks", "Resource": "*"},
                  {"Sid": "NewCall", "Effect": "Allow", "Action": "sqs:GetQueueAttributes",
                   "Resource": "arn:aws:sqs:eu-west-1:123456789012:orders"}]}
                """);
        assertThatThrownBy(() -> HarnessPolicy.document(dir, Map.of()))
                .hasMessageContaining(dir.resolve(HarnessPolicy.FILE) + ": Statement[1] (NewCall): Resource:"
                        + " 'arn:aws:sqs:eu-west-1:123456789012:orders' stands for nothing the stack knows");
    }

    private static JsonNode statementsBySid(List<JsonNode> statements) {
        var bySid = JSON.createObjectNode();
        statements.forEach(s -> bySid.set(s.get("Sid").asText(), s));
        return bySid;
    }

    private static Set<String> fisRoleActions(JsonNode template) {
        Set<String> actions = new TreeSet<>();
        JsonNode fisRole = null;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) () -> template.get("Resources").fields()) {
            if (e.getKey().startsWith("FisRole") && e.getValue().get("Type").asText().equals("AWS::IAM::Role")) {
                fisRole = e.getValue();
            }
        }
        assertThat(fisRole).as("the FIS role").isNotNull();
        assertThat(fisRole.at("/Properties/ManagedPolicyArns").isMissingNode()).as("no managed policies").isTrue();
        for (JsonNode policy : fisRole.at("/Properties/Policies")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                JsonNode action = statement.get("Action");
                if (action.isArray()) {
                    action.forEach(a -> actions.add(a.asText()));
                } else {
                    actions.add(action.asText());
                }
            }
        }
        return actions;
    }

    private static Set<String> catalogueActions() throws IOException {
        Set<String> actions = new TreeSet<>();
        for (Path file : catalogue()) {
            // Local-only actions (gameday:local:…) never reach FIS, so the role needs nothing for them.
            JSON.readTree(file.toFile()).get("actions").forEach(a -> actions.add(a.get("actionId").asText()));
            actions.removeIf(id -> !id.startsWith("aws:"));
        }
        return actions;
    }

    private static Set<String> catalogueStopConditionAlarms() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern alarm = Pattern.compile(":alarm:(.+)$");
        for (Path file : catalogue()) {
            for (JsonNode condition : JSON.readTree(file.toFile()).path("stopConditions")) {
                Matcher m = alarm.matcher(condition.path("value").asText());
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("the catalogue names at least one alarm").isNotEmpty();
        return names;
    }

    private static List<Path> catalogue() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("chaos-experiments/templates"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<JsonNode> resources(String type) {
        List<JsonNode> out = new ArrayList<>();
        json.get("Resources").forEach(r -> {
            if (r.get("Type").asText().equals(type)) {
                out.add(r);
            }
        });
        return out;
    }

    private static String logicalId(String type) {
        List<String> ids = new ArrayList<>();
        json.get("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().get("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    /** The shop's task definition (the injector option adds the injectors' own). */
    private static JsonNode taskDefinition() {
        List<JsonNode> tasks = resources("AWS::ECS::TaskDefinition").stream()
                .filter(t -> t.at("/Properties/Family").asText().equals(GamedayShopStack.NAME)).toList();
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static JsonNode role(String prefix) {
        JsonNode[] found = new JsonNode[1];
        json.get("Resources").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(prefix)) {
                found[0] = e.getValue();
            }
        });
        return found[0];
    }
}

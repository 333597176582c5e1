package dev.gameday.chaos.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.chaos.actions.FisAction;
import dev.gameday.chaos.actions.FisCatalogue;
import dev.gameday.chaos.actions.FisParameter;
import dev.gameday.chaos.actions.FisResourceType;
import dev.gameday.chaos.actions.FisTargetKey;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateParser;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.gameday.chaos.validation.MinimalTemplates.ACTION;
import static org.assertj.core.api.Assertions.assertThat;

class FisCatalogueValidatorTest {

    static final FisCatalogue CATALOGUE = FisCatalogue.standard();
    static final String FILE = "t.json";
    static final String ACTION_PATH = "$.actions." + ACTION;

    final FisCatalogueValidator validator = new FisCatalogueValidator(CATALOGUE);

    static FisVerdict check(ObjectNode json) {
        return new FisCatalogueValidator(CATALOGUE).check(TemplateParser.fromTree("t", FILE, json));
    }

    static FisVerdict check(String json) {
        return new FisCatalogueValidator(CATALOGUE).check(TemplateParser.parse("t", FILE, json, TemplateParser.Format.JSON));
    }

    static Stream<FisAction> actions() {
        return CATALOGUE.actions().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void theMinimalTemplateOfEveryActionIsAccepted(FisAction action) {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, action);
        FisVerdict verdict = check(json);

        assertThat(verdict.problems()).isEmpty();
        // The minimal template sets only required parameters: a reboot without forceFailover=true plays on AWS only.
        boolean local = LocalActions.PLAYED.contains(action.id()) && !action.id().equals("aws:rds:reboot-db-instances");
        assertThat(verdict.kind()).isEqualTo(local ? FisVerdict.Kind.VALID : FisVerdict.Kind.VALID_AWS_ONLY);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actions")
    void aMinimalTemplateAlsoPassesTheStructuralChecks(FisAction action) {
        ExperimentTemplate t = TemplateParser.fromTree("t", FILE, MinimalTemplates.forAction(CATALOGUE, action));
        assertThat(TemplateValidator.verdict(t).problems()).isEmpty();
    }

    static Stream<Arguments> targetKeys() {
        return actions().flatMap(a -> a.targets().stream().filter(FisTargetKey::required).map(k -> Arguments.of(a, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targetKeys")
    void aTargetOfTheWrongResourceTypeIsRefused(FisAction action, FisTargetKey key) {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, action);
        String wrong = CATALOGUE.resourceTypes().stream().map(FisResourceType::id)
                .filter(t -> !key.resourceTypes().contains(t)).findFirst().orElseThrow();
        ((ObjectNode) json.get("targets").get("t" + key.key())).put("resourceType", wrong);

        assertThat(check(json).problems()).contains(new Problem(FILE, ACTION_PATH + ".targets." + key.key(),
                "target 't" + key.key() + "' is of resource type '" + wrong + "' but '" + action.id() + "' needs "
                        + String.join(" or ", key.resourceTypes().stream().map(t -> "'" + t + "'").toList()) + " for " + key.key()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("targetKeys")
    void aMissingRequiredTargetIsRefused(FisAction action, FisTargetKey key) {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, action);
        ((ObjectNode) json.get("actions").get(ACTION).get("targets")).remove(key.key());

        assertThat(check(json).problems()).extracting(Problem::path, Problem::message).contains(
                Tuple.tuple(ACTION_PATH + ".targets", "action '" + action.id() + "' needs a target for '"
                        + key.key() + "' (of resource type " + String.join(" or ",
                        key.resourceTypes().stream().map(t -> "'" + t + "'").toList()) + ")"));
    }

    static Stream<Arguments> requiredParameters() {
        return actions().flatMap(a -> a.parameters().stream().filter(FisParameter::required).map(p -> Arguments.of(a, p.name())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requiredParameters")
    void aMissingRequiredParameterIsRefused(FisAction action, String parameter) {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, action);
        ((ObjectNode) json.get("actions").get(ACTION).get("parameters")).remove(parameter);

        List<Problem> problems = check(json).problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(ACTION_PATH + ".parameters");
        assertThat(problems.get(0).message()).startsWith("missing required parameter '" + parameter + "' (")
                .endsWith(") for action '" + action.id() + "'");
    }

    static Stream<Arguments> boundedParameters() {
        return actions().flatMap(a -> a.parameters().stream().filter(p -> MinimalTemplates.outOfRange(p) != null)
                .map(p -> Arguments.of(a, p, MinimalTemplates.outOfRange(p))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("boundedParameters")
    void aParameterOutOfRangeIsRefusedWithItsPath(FisAction action, FisParameter parameter, String value) {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, action);
        ((ObjectNode) json.get("actions").get(ACTION).get("parameters")).put(parameter.name(), value);

        List<Problem> problems = check(json).problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEqualTo(ACTION_PATH + ".parameters." + parameter.name());
        assertThat(problems.get(0).message()).startsWith(parameter.name() + " '" + value + "' ");
    }

    @Test
    void theTemplatesTheIssueSawRefusedAreAccepted() {
        // The wrong refusals of issue 20: actions FIS has had for years, and AZ target parameters.
        String json = """
                {"description": "d",
                 "targets": {
                   "cache": {"resourceType": "aws:elasticache:replicationgroup", "resourceTags": {"AzImpairmentPower": "ElasticacheImpact"},
                             "parameters": {"availabilityZoneIdentifier": "eu-west-1a"}, "selectionMode": "ALL"},
                   "volumes": {"resourceType": "aws:ec2:ebs-volume", "resourceTags": {"AzImpairmentPower": "ApiPauseVolume"},
                               "parameters": {"availabilityZoneIdentifier": "eu-west-1a"}, "selectionMode": "COUNT(1)"}
                 },
                 "actions": {
                   "cachePower": {"actionId": "aws:elasticache:replicationgroup-interrupt-az-power",
                                  "parameters": {"duration": "PT10M"}, "targets": {"ReplicationGroups": "cache"}},
                   "pauseIo": {"actionId": "aws:ebs:pause-volume-io", "parameters": {"duration": "PT30S"}, "targets": {"Volumes": "volumes"}},
                   "sqs": {"actionId": "aws:ssm:start-automation-execution",
                           "parameters": {"documentArn": "arn:aws:ssm:eu-west-1:123456789012:document/FIS-SQS-Impairment",
                                          "documentParameters": "{\\"QueueUrl\\": \\"https://sqs.eu-west-1.amazonaws.com/123456789012/orders\\"}",
                                          "maxDuration": "PT15M"}}
                 },
                 "stopConditions": [{"source": "none"}]}
                """;
        FisVerdict verdict = check(json);

        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.kind()).isEqualTo(FisVerdict.Kind.VALID_AWS_ONLY);
        assertThat(verdict.awsOnly()).extracting(FisVerdict.AwsOnlyAction::path, FisVerdict.AwsOnlyAction::actionId).containsExactly(
                Tuple.tuple("$.actions.cachePower", "aws:elasticache:replicationgroup-interrupt-az-power"),
                Tuple.tuple("$.actions.pauseIo", "aws:ebs:pause-volume-io"),
                Tuple.tuple("$.actions.sqs", "aws:ssm:start-automation-execution"));
        assertThat(verdict.awsOnly().get(0).reason()).contains("the local platform has no effect for it");
    }

    @Test
    void whatFisWouldRefuseIsRefusedWithPathAndReason() {
        String json = """
                {"description": "d",
                 "targets": {
                   "cache": {"resourceType": "aws:elasticache:replicationgroup", "resourceArns": ["arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:shop"]},
                   "buckets": {"resourceType": "aws:s3:bucket", "resourceArns": ["arn:aws:s3:::shop"]},
                   "tasks": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "shop", "zone": "a"}},
                   "queue": {"resourceType": "aws:sqs:queue", "resourceArns": ["arn:aws:sqs:eu-west-1:123456789012:orders"]},
                   "subnets": {"resourceType": "aws:ec2:subnet", "resourceTags": {"zone": "a"}}
                 },
                 "actions": {
                   "typo": {"actionId": "aws:ec2:terminate-instance"},
                   "cachePower": {"actionId": "aws:elasticache:replicationgroup-interrupt-az-power",
                                  "parameters": {"duration": "PT10M"}, "targets": {"ReplicationGroups": "cache"}},
                   "replication": {"actionId": "aws:s3:bucket-pause-replication",
                                   "parameters": {"duration": "PT10M", "region": "eu-central-1"}, "targets": {"Buckets": "buckets"}},
                   "kill": {"actionId": "aws:ecs:task-kill-process", "parameters": {"processName": "java", "signal": "SIGHUP"},
                            "targets": {"Tasks": "tasks"}},
                   "cut": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "PT5M", "scope": "prefix-list"},
                           "targets": {"Subnets": "subnets"}},
                   "wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT5M", "jitter": "PT1M"}, "targets": {"Subnets": "subnets"}}
                 },
                 "stopConditions": [{"source": "none"}]}
                """;
        assertThat(check(json).problems()).extracting(Problem::toString).containsExactly(
                "t.json: $.targets.cache.parameters: missing required parameter 'availabilityZoneIdentifier' (string) for targets of type 'aws:elasticache:replicationgroup'",
                "t.json: $.targets.tasks.parameters.zone: unknown parameter 'zone' for targets of type 'aws:ecs:task' (known: cluster, service)",
                "t.json: $.targets.queue.resourceType: unknown resource type 'aws:sqs:queue' (FIS has: "
                        + String.join(", ", CATALOGUE.resourceTypes().stream().map(FisResourceType::id).toList()) + ")",
                "t.json: $.actions.typo.actionId: unknown action id 'aws:ec2:terminate-instance': FIS has no such action",
                "t.json: $.targets.buckets.resourceArns: 'aws:s3:bucket-pause-replication' selects its Buckets by resourceTags only, not by resourceArns",
                "t.json: $.actions.kill.parameters.signal: signal 'SIGHUP' is not one of SIGTERM, SIGKILL",
                "t.json: $.actions.cut.parameters: missing required parameter 'prefixListIdentifier' (string) for action 'aws:network:disrupt-connectivity' when {scope=prefix-list}",
                "t.json: $.actions.wait.targets.Subnets: action 'aws:fis:wait' takes no targets",
                "t.json: $.actions.wait.parameters.jitter: unknown parameter 'jitter' for action 'aws:fis:wait' (it takes: duration)");
    }

    @Test
    void aClusterTargetOfTheCustomResourceActionTakesOneArn() {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, CATALOGUE.action("aws:eks:inject-kubernetes-custom-resource").orElseThrow());
        ((ArrayNode) json.get("targets").get("tCluster").get("resourceArns"))
                .add("arn:aws:eks:eu-west-1:123456789012:cluster/second");

        assertThat(check(json).problems()).extracting(Problem::toString).containsExactly(
                "t.json: $.targets.tCluster.resourceArns: 'aws:eks:inject-kubernetes-custom-resource' takes at most 1 ARN(s) for Cluster, found 2");
    }

    @Test
    void placeholdersAreLeftToTheStructuralCheck() {
        ObjectNode json = MinimalTemplates.forAction(CATALOGUE, CATALOGUE.action("aws:ec2:send-spot-instance-interruptions").orElseThrow());
        ((ObjectNode) json.get("actions").get(ACTION).get("parameters")).put("durationBeforeInterruption", "${notice}");

        assertThat(validator.check(TemplateParser.fromTree("t", FILE, json)).problems()).isEmpty();
    }
}

package dev.gameday.chaos.actions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FisCatalogueTest {

    private final FisCatalogue catalogue = FisCatalogue.standard();

    @Test
    void holdsTheWholeActionsReference() {
        // Every action the FIS actions reference lists on the date the file was read, and the
        // renamed ElastiCache action FIS still takes: the issue's refused templates used several.
        assertThat(catalogue.actions()).extracting(FisAction::id).containsExactlyInAnyOrder(
                "aws:fis:inject-api-internal-error", "aws:fis:inject-api-throttle-error", "aws:fis:inject-api-unavailable-error",
                "aws:arc:start-zonal-autoshift", "aws:fis:wait", "aws:cloudwatch:assert-alarm-state",
                "aws:dynamodb:global-table-pause-replication", "aws:dsql:cluster-connection-failure",
                "aws:ebs:pause-volume-io", "aws:ebs:volume-io-latency",
                "aws:ec2:api-insufficient-instance-capacity-error", "aws:ec2:asg-insufficient-instance-capacity-error",
                "aws:ec2:reboot-instances", "aws:ec2:send-spot-instance-interruptions", "aws:ec2:stop-instances",
                "aws:ec2:terminate-instances",
                "aws:ecs:drain-container-instances", "aws:ecs:stop-task", "aws:ecs:task-cpu-stress", "aws:ecs:task-io-stress",
                "aws:ecs:task-kill-process", "aws:ecs:task-network-blackhole-port", "aws:ecs:task-network-latency",
                "aws:ecs:task-network-packet-loss",
                "aws:eks:inject-kubernetes-custom-resource", "aws:eks:pod-cpu-stress", "aws:eks:pod-delete",
                "aws:eks:pod-io-stress", "aws:eks:pod-memory-stress", "aws:eks:pod-network-blackhole-port",
                "aws:eks:pod-network-latency", "aws:eks:pod-network-packet-loss", "aws:eks:terminate-nodegroup-instances",
                "aws:elasticache:replicationgroup-interrupt-az-power", "aws:elasticache:interrupt-cluster-az-power",
                "aws:kinesis:stream-provisioned-throughput-exception", "aws:kinesis:stream-expired-iterator-exception",
                "aws:lambda:invocation-add-delay", "aws:lambda:invocation-error", "aws:lambda:invocation-http-integration-response",
                "aws:memorydb:multi-region-cluster-pause-replication",
                "aws:network:disrupt-connectivity", "aws:network:route-table-disrupt-cross-region-connectivity",
                "aws:network:transit-gateway-disrupt-cross-region-connectivity", "aws:network:disrupt-vpc-endpoint",
                "aws:rds:failover-db-cluster", "aws:rds:reboot-db-instances", "aws:s3:bucket-pause-replication",
                "aws:ssm:send-command", "aws:ssm:start-automation-execution",
                "aws:directconnect:virtual-interface-disconnect");
        assertThat(catalogue.resourceTypes()).hasSize(24);
    }

    @Test
    void everyActionNamesOnlyResourceTypesTheFileDefines() {
        for (FisAction action : catalogue.actions()) {
            for (FisTargetKey key : action.targets()) {
                assertThat(key.resourceTypes()).as(action.id() + " " + key.key()).isNotEmpty()
                        .allSatisfy(type -> assertThat(catalogue.resourceType(type)).as(type).isPresent());
            }
        }
    }

    @Test
    void everyParameterHasATypeAndWellFormedBounds() {
        for (FisParameter p : allParameters()) {
            assertThat(p.type()).as(p.name()).isNotNull();
            assertThat(p.description()).as(p.name()).isNotBlank();
            if (p.type() == ParameterType.DURATION) {
                Stream.of(p.min(), p.max()).filter(b -> b != null)
                        .forEach(b -> assertThat(Duration.parse(b)).as(p.name()).isPositive());
            }
            if (p.min() != null && p.max() != null && p.type() != ParameterType.DURATION) {
                assertThat(Double.parseDouble(p.min())).as(p.name()).isLessThanOrEqualTo(Double.parseDouble(p.max()));
            }
            if (p.defaultValue() != null) {
                assertThat(p.type().check(p, p.defaultValue())).as(p.name() + " default").isEmpty();
            }
        }
    }

    @Test
    void idsAreUniqueAndEveryEntryHasItsSource() {
        Set<String> ids = new HashSet<>();
        for (FisAction action : catalogue.actions()) {
            assertThat(ids.add(action.id())).as(action.id()).isTrue();
            assertThat(action.source()).as(action.id())
                    .startsWith("https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#");
            assertThat(action.description()).as(action.id()).isNotBlank();
        }
        for (FisResourceType type : catalogue.resourceTypes()) {
            assertThat(ids.add(type.id())).as(type.id()).isTrue();
            assertThat(type.source()).as(type.id()).startsWith("https://docs.aws.amazon.com/fis/latest/userguide/targets.html");
        }
    }

    @Test
    void targetParametersTheZoneActionsNeedAreThere() {
        FisParameter zone = catalogue.resourceType("aws:elasticache:replicationgroup").orElseThrow()
                .parameter("availabilityZoneIdentifier").orElseThrow();
        assertThat(zone.required()).isTrue();
        assertThat(catalogue.resourceType("aws:ec2:ebs-volume").orElseThrow().parameter("availabilityZoneIdentifier")).isPresent();
        assertThat(catalogue.resourceType("aws:eks:pod").orElseThrow().parameters())
                .filteredOn(FisParameter::required).extracting(FisParameter::name)
                .containsExactlyInAnyOrder("clusterIdentifier", "namespace", "selectorType", "selectorValue");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // what is broken                         | the file                                                                                                           | named in the error
            "unknown resource type                    | {'resourceTypes': [], 'actions': [{'id': 'a', 'source': 'https://x', 'targets': [{'key': 'T', 'resourceTypes': ['aws:x:y'], 'required': true}]}]} | names resource type 'aws:x:y'",
            "duplicate action                         | {'actions': [{'id': 'a', 'source': 'https://x'}, {'id': 'a', 'source': 'https://x'}]}                            | action 'a' is defined twice",
            "no source                                | {'actions': [{'id': 'a'}]}                                                                                        | action 'a' has no https source URL",
            "parameter without type                   | {'actions': [{'id': 'a', 'source': 'https://x', 'parameters': [{'name': 'p', 'required': true}]}]}              | parameter 'p' has no type",
            "duration bound that does not parse       | {'actions': [{'id': 'a', 'source': 'https://x', 'parameters': [{'name': 'p', 'type': 'duration', 'required': true, 'min': '1m'}]}]} | bound '1m'",
            "enum without values                      | {'actions': [{'id': 'a', 'source': 'https://x', 'parameters': [{'name': 'p', 'type': 'enum', 'required': true}]}]} | is an enum without values",
            "unknown field                            | {'actions': [{'id': 'a', 'source': 'https://x', 'parameter': []}]}                                                | parameter",
            "unknown type                             | {'actions': [{'id': 'a', 'source': 'https://x', 'parameters': [{'name': 'p', 'type': 'float', 'required': true}]}]} | float",
    })
    void aBrokenFileIsRefusedNamingTheEntry(String what, String json, String named) {
        assertThatThrownBy(() -> FisCatalogue.read(json.replace('\'', '"'), "broken.json"))
                .as(what).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("broken.json: ").hasMessageContaining(named);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "duration   | PT1M  | PT12H | PT5M   | true",
            "duration   | PT1M  | PT12H | PT30S  | false",
            "duration   | PT1M  | PT12H | PT13H  | false",
            "duration   |       |       | 5m     | false",
            "integer    | 0     | 999   | 503    | true",
            "integer    | 0     | 999   | 1000   | false",
            "integer    |       |       | 1.5    | false",
            "percentage | 0.1   | 100   | 0.5    | true",
            "percentage | 1     | 100   | 0      | false",
            "percentage | 1     | 100   | lots   | false",
            "boolean    |       |       | True   | true",
            "boolean    |       |       | yes    | false",
            "json       |       |       | {}     | true",
            "json       |       |       | [1]    | false",
            "arn        |       |       | doc    | false",
    })
    void parameterTypesAcceptWhatFisAccepts(String type, String min, String max, String value, boolean accepted) {
        ParameterType t = ParameterType.valueOf(type.toUpperCase(Locale.ROOT));
        FisParameter p = new FisParameter("p", t, true, min, max, null, null, null, null, "d", null);
        assertThat(t.check(p, value).isEmpty()).as(type + " " + value).isEqualTo(accepted);
    }

    @Test
    void listsCheckTheirItemsAndCount() {
        FisParameter states = catalogue.action("aws:cloudwatch:assert-alarm-state").orElseThrow().parameter("alarmStates").orElseThrow();
        assertThat(states.type().check(states, "OK,ALARM")).isEmpty();
        assertThat(states.type().check(states, "OK,BROKEN")).contains("has item 'BROKEN', which is not one of OK, ALARM, INSUFFICIENT_DATA");
        FisParameter arns = catalogue.action("aws:cloudwatch:assert-alarm-state").orElseThrow().parameter("alarmArns").orElseThrow();
        assertThat(arns.type().check(arns, "a,b,c,d,e,f")).contains("has 6 items; FIS takes at most 5");
    }

    private List<FisParameter> allParameters() {
        List<FisParameter> all = new ArrayList<>();
        catalogue.actions().forEach(a -> all.addAll(a.parameters()));
        catalogue.resourceTypes().forEach(t -> all.addAll(t.parameters()));
        return all;
    }
}

package dev.gameday.chaos.resolution;

import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetResolverTest {

    static final String ACCOUNT = "123456789012";
    static final Map<String, String> GAME_DAY = Map.of(
            "account", ACCOUNT, "region", "eu-west-1", "roleArn", "arn:aws:iam::123456789012:role/fis",
            "cluster", "shop", "service", "api", "zone", "eu-west-1a", "dbCluster", "shop-db", "dbInstance", "shop-db-1");

    /** Three zones, two api tasks and one worker task per zone, a subnet per zone, one DB cluster. */
    static Inventory inventory() {
        List<Resource> resources = new ArrayList<>();
        for (String zone : List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")) {
            for (int i = 1; i <= 2; i++) {
                resources.add(task(zone + "-api-" + i, zone, "api"));
            }
            resources.add(task(zone + "-worker", zone, "worker"));
            resources.add(new Resource("arn:aws:ec2:eu-west-1:" + ACCOUNT + ":subnet/subnet-" + zone,
                    "aws:ec2:subnet", Map.of("AzImpairmentPower", "DisruptSubnet"),
                    Map.of("AvailabilityZone", zone, "SubnetId", "subnet-" + zone)));
        }
        resources.add(new Resource("arn:aws:rds:eu-west-1:" + ACCOUNT + ":cluster:shop-db", "aws:rds:cluster",
                Map.of(), Map.of("DBClusterIdentifier", "shop-db")));
        return Inventory.of(resources);
    }

    static Resource task(String id, String zone, String service) {
        return new Resource("arn:aws:ecs:eu-west-1:" + ACCOUNT + ":task/shop/" + id, "aws:ecs:task",
                Map.of("app", service), Map.of("AvailabilityZone", zone, "ClusterName", "shop", "ServiceName", service));
    }

    static TargetResolver resolver(long seed) {
        return new TargetResolver(new SplittableRandom(seed));
    }

    static ExperimentTemplate catalogue(String name) {
        return TemplateCatalogue.classpath().load(name).fill(GAME_DAY);
    }

    static List<String> arns(List<Resource> resources) {
        return resources.stream().map(Resource::arn).map(a -> a.substring(a.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void azPowerInterruptionHitsTheZonesTasksSubnetAndTheDatabase() {
        BlastRadius radius = resolver(1).resolve(catalogue("az-power-interruption"), inventory());

        assertThat(arns(radius.action("stopZoneTasks").targets().get("Tasks")))
                .containsExactly("eu-west-1a-api-1", "eu-west-1a-api-2");
        assertThat(arns(radius.action("disruptZoneSubnets").targets().get("Subnets")))
                .containsExactly("subnet-eu-west-1a");
        assertThat(radius.action("failoverDatabase").resources()).extracting(Resource::arn)
                .containsExactly("arn:aws:rds:eu-west-1:123456789012:cluster:shop-db");
        assertThat(radius.actions()).noneMatch(ActionImpact::skipped);
        assertThat(radius.describe()).contains("stopZoneTasks (aws:ecs:stop-task)", "Tasks: 2");
    }

    @Test
    void countPicksAtRandomButRepeatablyWithASeed() {
        ExperimentTemplate t = catalogue("ecs-stop-task");

        List<Resource> first = resolver(42).resolve(t, inventory()).action("stopTask").resources();
        List<Resource> again = resolver(42).resolve(t, inventory()).action("stopTask").resources();

        assertThat(first).hasSize(1).isEqualTo(again);
        assertThat(first.get(0).attributes()).containsEntry("ServiceName", "api");
        // Over a few seeds every api task gets picked sometimes, and never a worker.
        List<String> picked = new ArrayList<>();
        for (long seed = 0; seed < 60; seed++) {
            picked.addAll(arns(resolver(seed).resolve(t, inventory()).action("stopTask").resources()));
        }
        assertThat(picked).doesNotContain("eu-west-1a-worker")
                .contains("eu-west-1a-api-1", "eu-west-1b-api-2", "eu-west-1c-api-1");
    }

    @Test
    void tagsFiltersAndPercent() {
        ExperimentTemplate t = TemplateParser.parse("t", "t.json", """
                {"description": "d",
                 "targets": {
                   "half": {"resourceType": "aws:ecs:task", "resourceTags": {"app": "api"}, "selectionMode": "PERCENT(50)"},
                   "twoZones": {"resourceType": "aws:ecs:task", "resourceTags": {"app": "worker"},
                                "filters": [{"path": "AvailabilityZone", "values": ["eu-west-1a", "eu-west-1b"]},
                                            {"path": "ClusterName", "values": ["shop"]}]},
                   "tiny": {"resourceType": "aws:ecs:task", "resourceTags": {"app": "worker"}, "selectionMode": "PERCENT(1)"},
                   "byArn": {"resourceType": "aws:ecs:task",
                             "resourceArns": ["arn:aws:ecs:eu-west-1:123456789012:task/shop/eu-west-1c-worker"]}
                 },
                 "actions": {}, "stopConditions": [{"source": "none"}]}
                """, TemplateParser.Format.JSON);
        TargetResolver resolver = resolver(7);

        assertThat(resolver.resolve(t.targets().get("half"), inventory())).hasSize(3)
                .allSatisfy(r -> assertThat(r.tags()).containsEntry("app", "api"));
        assertThat(arns(resolver.resolve(t.targets().get("twoZones"), inventory())))
                .containsExactly("eu-west-1a-worker", "eu-west-1b-worker");
        assertThat(resolver.resolve(t.targets().get("tiny"), inventory())).hasSize(1);
        assertThat(arns(resolver.resolve(t.targets().get("byArn"), inventory()))).containsExactly("eu-west-1c-worker");
    }

    @Test
    void anEmptyTargetFailsUnlessTheTemplateSkips() {
        Map<String, String> elsewhere = new java.util.HashMap<>(GAME_DAY);
        elsewhere.put("zone", "eu-west-1z");
        ExperimentTemplate zoneTasks = TemplateCatalogue.classpath().load("ecs-stop-tasks-in-zone").fill(elsewhere);

        assertThatThrownBy(() -> resolver(1).resolve(zoneTasks, inventory()))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem("classpath:templates/ecs-stop-tasks-in-zone.json", "$.targets.zoneTasks",
                                "target 'zoneTasks' resolved to no aws:ecs:task resources"
                                        + " (set experimentOptions.emptyTargetResolutionMode to 'skip' to allow this)")));

        ExperimentTemplate az = TemplateCatalogue.classpath().load("az-power-interruption").fill(elsewhere);
        BlastRadius radius = resolver(1).resolve(az, inventory());
        assertThat(radius.action("stopZoneTasks").skipped()).isTrue();
        assertThat(radius.action("disruptZoneSubnets").skipped()).isTrue();
        assertThat(radius.action("failoverDatabase").skipped()).isFalse();
    }
}

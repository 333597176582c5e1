package dev.gameday.chaos.template;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateParserTest {

    static final String JSON = """
            {
              "description": "Stop tasks in a zone",
              "targets": {
                "zoneTasks": {
                  "resourceType": "aws:ecs:task",
                  "parameters": { "cluster": "${cluster}", "service": "shop" },
                  "filters": [ { "path": "AvailabilityZone", "values": ["${zone}"] } ],
                  "selectionMode": "COUNT(2)"
                }
              },
              "actions": {
                "wait": { "actionId": "aws:fis:wait", "parameters": { "duration": "PT1M" } },
                "stopTask": {
                  "actionId": "aws:ecs:stop-task",
                  "description": "stop them",
                  "targets": { "Tasks": "zoneTasks" },
                  "startAfter": ["wait"]
                }
              },
              "stopConditions": [ { "source": "aws:cloudwatch:alarm", "value": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:slo" } ],
              "roleArn": "arn:aws:iam::123456789012:role/fis",
              "tags": { "Name": "t" },
              "experimentOptions": { "emptyTargetResolutionMode": "skip" },
              "experimentReportConfiguration": { "outputs": { "s3Configuration": { "bucketName": "b" } } },
              "x-gameday": { "parameters": { "zone": "eu-west-1a" }, "proves": "it works" }
            }
            """;

    static final String YAML = """
            description: Stop tasks in a zone
            targets:
              zoneTasks:
                resourceType: aws:ecs:task
                parameters: { cluster: "${cluster}", service: shop }
                filters:
                  - path: AvailabilityZone
                    values: ["${zone}"]
                selectionMode: COUNT(2)
            actions:
              wait:
                actionId: aws:fis:wait
                parameters: { duration: PT1M }
              stopTask:
                actionId: aws:ecs:stop-task
                description: stop them
                targets: { Tasks: zoneTasks }
                startAfter: [wait]
            stopConditions:
              - source: aws:cloudwatch:alarm
                value: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:slo
            roleArn: arn:aws:iam::123456789012:role/fis
            tags: { Name: t }
            experimentOptions: { emptyTargetResolutionMode: skip }
            experimentReportConfiguration:
              outputs: { s3Configuration: { bucketName: b } }
            x-gameday:
              parameters: { zone: eu-west-1a }
              proves: it works
            """;

    static ExperimentTemplate json(String content) {
        return TemplateParser.parse("t", "t.json", content, TemplateParser.Format.JSON);
    }

    @Test
    void readsEveryFieldOfFisJson() {
        ExperimentTemplate t = json(JSON);

        assertThat(t.description()).isEqualTo("Stop tasks in a zone");
        ExperimentTarget target = t.targets().get("zoneTasks");
        assertThat(target.resourceType()).isEqualTo("aws:ecs:task");
        assertThat(target.parameters()).containsExactly(Map.entry("cluster", "${cluster}"), Map.entry("service", "shop"));
        assertThat(target.filters()).containsExactly(new TargetFilter("AvailabilityZone", List.of("${zone}")));
        assertThat(target.selection()).isEqualTo(new SelectionMode(SelectionMode.Kind.COUNT, 2));
        assertThat(t.actions().keySet()).containsExactly("wait", "stopTask");
        assertThat(t.actions().get("stopTask")).isEqualTo(new ExperimentAction(
                "aws:ecs:stop-task", "stop them", Map.of(), Map.of("Tasks", "zoneTasks"), List.of("wait")));
        assertThat(t.actions().get("wait").duration("duration")).contains(java.time.Duration.ofMinutes(1));
        assertThat(t.actions().get("stopTask").duration("duration")).isEmpty();
        assertThat(t.stopConditions()).singleElement().satisfies(c -> assertThat(c.isAlarm()).isTrue());
        assertThat(t.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/fis");
        assertThat(t.tags()).containsEntry("Name", "t");
        assertThat(t.experimentOptions()).isEqualTo(new ExperimentOptions("single-account", "skip"));
        assertThat(t.experimentReportConfiguration().at("/outputs/s3Configuration/bucketName").asText()).isEqualTo("b");
        assertThat(t.gameday()).isEqualTo(new GamedayExtension(Map.of("zone", "eu-west-1a"), "it works"));
    }

    @Test
    void yamlReadsTheSameAsJson() {
        ExperimentTemplate fromYaml = TemplateParser.parse("t", "t.yaml", YAML, TemplateParser.Format.YAML);
        ExperimentTemplate fromJson = json(JSON);

        assertThat(fromYaml.targets()).isEqualTo(fromJson.targets());
        assertThat(fromYaml.actions()).isEqualTo(fromJson.actions());
        assertThat(fromYaml.stopConditions()).isEqualTo(fromJson.stopConditions());
        assertThat(fromYaml.experimentOptions()).isEqualTo(fromJson.experimentOptions());
        assertThat(fromYaml.gameday()).isEqualTo(fromJson.gameday());
        assertThat(fromYaml.json()).isEqualTo(fromJson.json());
    }

    @Test
    void fisJsonLeavesOutTheGamedayBlockAndReadOnlyFields() {
        ExperimentTemplate t = json("""
                {"id": "EXT123", "arn": "arn:aws:fis:eu-west-1:123456789012:experiment-template/EXT123",
                 "creationTime": 1700000000, "description": "d", "actions": {},
                 "x-gameday": {"proves": "p"}}
                """);

        assertThat(t.json().has("x-gameday")).isTrue();
        assertThat(t.fisJson().fieldNames()).toIterable().containsExactly("description", "actions");
    }

    @Test
    void unwrapsGetExperimentTemplateOutput() {
        ExperimentTemplate t = json("""
                {"experimentTemplate": {"id": "EXT1", "description": "exported", "actions": {}}}
                """);

        assertThat(t.description()).isEqualTo("exported");
    }

    @Test
    void fillsPlaceholdersFromDefaultsThenParameters() {
        ExperimentTemplate filled = json(JSON).fill(Map.of("cluster", "shop-cluster"));

        assertThat(filled.targets().get("zoneTasks").parameters()).containsEntry("cluster", "shop-cluster");
        assertThat(filled.targets().get("zoneTasks").filters().get(0).values()).containsExactly("eu-west-1a");
        assertThat(filled.placeholders()).isEmpty();

        ExperimentTemplate overridden = json(JSON).fill(Map.of("cluster", "c", "zone", "eu-west-1b"));
        assertThat(overridden.targets().get("zoneTasks").filters().get(0).values()).containsExactly("eu-west-1b");
    }

    @Test
    void fillsPlaceholdersWrittenWithSpacesAsAnSloFileDoes() {
        ExperimentTemplate filled = json(JSON.replace("${cluster}", "${ cluster }")).fill(Map.of("cluster", "shop-cluster"));

        assertThat(filled.targets().get("zoneTasks").parameters()).containsEntry("cluster", "shop-cluster");
        assertThat(filled.placeholders()).isEmpty();
    }

    @Test
    void listsUnfilledPlaceholdersWithTheirPaths() {
        ExperimentTemplate t = json(JSON);

        assertThat(t.placeholders()).containsExactly(
                new Placeholder("cluster", "$.targets.zoneTasks.parameters.cluster"),
                new Placeholder("zone", "$.targets.zoneTasks.filters[0].values[0]"));
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() {
        assertThatThrownBy(() -> json("{\n  \"description\": \"x\",\n  \"actions\": {,\n}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("t.json: $: malformed JSON at line 3, column 15: Unexpected character (',' (code 44))");
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        assertThatThrownBy(() -> TemplateParser.parse("t", "t.yaml", "description: x\nactions:\n  a: [1, 2\n  b: 3\n",
                TemplateParser.Format.YAML))
                .isInstanceOf(TemplateException.class)
                .hasMessageMatching("t\\.yaml: \\$: malformed YAML at line \\d+, column \\d+: .+");
    }

    @Test
    void duplicateKeysAreAnError() {
        assertThatThrownBy(() -> json("{\"description\": \"a\",\n \"description\": \"b\"}"))
                .hasMessageStartingWith("t.json: $: malformed JSON at line 2, column 15: Duplicate field 'description'");
    }

    @Test
    void wrongShapesAndUnknownFieldsAreReportedByPath() {
        assertThatThrownBy(() -> json("""
                {"description": "d", "targets": [], "actions": {"a": {"actionId": "aws:fis:wait", "startAfter": "b",
                 "paramaters": {}}}, "stopConditions": [{"source": {"x": 1}}], "owner": "me"}
                """))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem("t.json", "$.owner", "unknown field 'owner' (FIS rejects unknown fields)"),
                        new Problem("t.json", "$.targets", "expected an object, found an array"),
                        new Problem("t.json", "$.actions.a.paramaters", "unknown field 'paramaters' (FIS rejects unknown fields)"),
                        new Problem("t.json", "$.actions.a.startAfter", "expected an array, found a string"),
                        new Problem("t.json", "$.stopConditions[0].source", "expected a string, found an object")));
    }

    @Test
    void readsAFileByExtension(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("zone.yaml");
        Files.writeString(file, YAML);

        ExperimentTemplate t = TemplateParser.parse(file);

        assertThat(t.name()).isEqualTo("zone");
        assertThat(t.source()).isEqualTo(file.toString());
        assertThat(t.actions()).hasSize(2);
    }

    @Test
    void yamlScalarsBecomeFisStrings() {
        ExperimentTemplate t = TemplateParser.parse("t", "t.yaml", """
                description: d
                actions:
                  reboot:
                    actionId: aws:rds:reboot-db-instances
                    parameters: { forceFailover: true, percent: 80 }
                """, TemplateParser.Format.YAML);

        assertThat(t.actions().get("reboot").parameters()).containsExactly(
                Map.entry("forceFailover", "true"), Map.entry("percent", "80"));
    }
}

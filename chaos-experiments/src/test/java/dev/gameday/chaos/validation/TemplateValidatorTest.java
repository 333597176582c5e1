package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateValidatorTest {

    static final String FILE = "bad.json";

    static List<Problem> problems(String json) {
        ExperimentTemplate t = TemplateParser.parse("bad", FILE, json, TemplateParser.Format.JSON);
        return TemplateValidator.problems(t);
    }

    static Problem problem(String path, String message) {
        return new Problem(FILE, path, message);
    }

    /** A valid template with {@code %s} where a test puts its actions. */
    static String withActions(String actions) {
        return """
                {"description": "d",
                 "targets": {
                   "tasks": {"resourceType": "aws:ecs:task", "resourceTags": {"app": "shop"}},
                   "subnets": {"resourceType": "aws:ec2:subnet", "resourceTags": {"zone": "a"}},
                   "cluster": {"resourceType": "aws:rds:cluster", "resourceArns": ["arn:aws:rds:eu-west-1:123456789012:cluster:shop"]},
                   "instance": {"resourceType": "aws:rds:db", "resourceArns": ["arn:aws:rds:eu-west-1:123456789012:db:shop"]}
                 },
                 "actions": %s,
                 "stopConditions": [{"source": "none"}]}
                """.formatted(actions);
    }

    @Test
    void aValidTemplateHasNoProblems() {
        String json = withActions("""
                {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "tasks"}},
                 "cut": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "PT5M", "scope": "all"},
                         "targets": {"Subnets": "subnets"}, "startAfter": ["stop"]},
                 "failover": {"actionId": "aws:rds:failover-db-cluster", "targets": {"Clusters": "cluster"}},
                 "reboot": {"actionId": "aws:rds:reboot-db-instances", "parameters": {"forceFailover": "true"},
                            "targets": {"DBInstances": "instance"}, "startAfter": ["failover", "cut"]}}
                """);

        assertThat(problems(json)).isEmpty();
    }

    @Test
    void unknownActionId() {
        assertThat(problems(withActions("{\"a\": {\"actionId\": \"aws:ecs:stop-tasks\", \"targets\": {\"Tasks\": \"tasks\"}}}")))
                .containsExactly(problem("$.actions.a.actionId", "unknown action id 'aws:ecs:stop-tasks': FIS has no such action"));
    }

    @Test
    void roleOfTheWrongResourceType() {
        assertThat(problems(withActions("{\"stopTask\": {\"actionId\": \"aws:ecs:stop-task\", \"targets\": {\"Tasks\": \"subnets\"}}}")))
                .containsExactly(problem("$.actions.stopTask.targets.Tasks",
                        "target 'subnets' is of resource type 'aws:ec2:subnet' but 'aws:ecs:stop-task' needs 'aws:ecs:task' for Tasks"));
        assertThat(problems(withActions("{\"r\": {\"actionId\": \"aws:rds:reboot-db-instances\", \"targets\": {\"DBInstances\": \"cluster\"}}}")))
                .containsExactly(problem("$.actions.r.targets.DBInstances",
                        "target 'cluster' is of resource type 'aws:rds:cluster' but 'aws:rds:reboot-db-instances' needs 'aws:rds:db' for DBInstances"));
    }

    @Test
    void roleTheActionDoesNotTakeAndMissingRole() {
        assertThat(problems(withActions("{\"f\": {\"actionId\": \"aws:rds:failover-db-cluster\", \"targets\": {\"Cluster\": \"cluster\"}}}")))
                .containsExactly(
                        problem("$.actions.f.targets.Cluster", "action 'aws:rds:failover-db-cluster' takes no target 'Cluster' (it takes: Clusters)"),
                        problem("$.actions.f.targets", "action 'aws:rds:failover-db-cluster' needs a target for 'Clusters' (of resource type 'aws:rds:cluster')"));
    }

    @Test
    void targetNotDefined() {
        assertThat(problems(withActions("{\"stopTask\": {\"actionId\": \"aws:ecs:stop-task\", \"targets\": {\"Tasks\": \"myTasks\"}}}")))
                .containsExactly(problem("$.actions.stopTask.targets.Tasks", "target 'myTasks' is not defined in $.targets"));
    }

    @Test
    void startAfterUnknownActionAndCycles() {
        assertThat(problems(withActions("""
                {"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["c"]},
                 "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["a", "nope"]},
                 "c": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["b"]},
                 "d": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}, "startAfter": ["d"]}}
                """))).containsExactly(
                problem("$.actions.b.startAfter[1]", "startAfter names unknown action 'nope'"),
                problem("$.actions.d.startAfter[0]", "action 'd' cannot start after itself"),
                problem("$.actions.a.startAfter", "startAfter cycle: a -> c -> b -> a"));
    }

    @Test
    void targetSelectionByArnsTagsOrParameters() {
        assertThat(problems("""
                {"description": "d",
                 "targets": {
                   "both": {"resourceType": "aws:rds:cluster", "resourceArns": ["arn:x"], "resourceTags": {"a": "b"}},
                   "neither": {"resourceType": "aws:rds:cluster"},
                   "neitherTask": {"resourceType": "aws:ecs:task"},
                   "byParameters": {"resourceType": "aws:ecs:task", "parameters": {"cluster": "c", "service": "s"}},
                   "badParameter": {"resourceType": "aws:rds:cluster", "resourceArns": ["arn:x"], "parameters": {"cluster": "c"}},
                   "badMode": {"resourceType": "aws:ecs:task", "resourceTags": {"a": "b"}, "selectionMode": "COUNT(0)"},
                   "worseMode": {"resourceType": "aws:ecs:task", "resourceTags": {"a": "b"}, "selectionMode": "SOME"}
                 },
                 "actions": {"w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
                 "stopConditions": [{"source": "none"}]}
                """)).containsExactly(
                problem("$.targets.both", "target 'both' sets both resourceArns and resourceTags; FIS takes one of them"),
                problem("$.targets.neither", "target 'neither' selects no resources: set resourceArns, resourceTags or parameters"),
                problem("$.targets.neitherTask", "target 'neitherTask' selects no resources: set resourceArns, resourceTags or parameters"),
                problem("$.targets.badMode.selectionMode", "selection mode 'COUNT(0)' must select at least 1 resource"),
                problem("$.targets.worseMode.selectionMode", "selection mode 'SOME' is not ALL, COUNT(n) or PERCENT(n)"),
                // What a resource type takes is the FIS catalogue's: aws:rds:cluster takes one parameter, not 'cluster'.
                problem("$.targets.badParameter.parameters.cluster",
                        "unknown parameter 'cluster' for targets of type 'aws:rds:cluster' (known: writerAvailabilityZoneIdentifiers)"));
    }

    /** Bounds are the catalogue's, where FIS documents them; a PT12H CPU stress is within FIS's. */
    @Test
    void durations() {
        assertThat(problems(withActions("""
                {"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "5 minutes"}},
                 "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT30S"}},
                 "c": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "PT13H"}, "targets": {"Subnets": "subnets"}},
                 "d": {"actionId": "aws:ecs:task-cpu-stress", "parameters": {"duration": "PT12H"}, "targets": {"Tasks": "tasks"}}}
                """))).containsExactly(
                problem("$.actions.a.parameters.duration", "duration '5 minutes' is not an ISO-8601 duration such as PT5M"),
                problem("$.actions.b.parameters.duration", "duration 'PT30S' is outside what FIS accepts (PT1M to PT12H)"),
                problem("$.actions.c.parameters.duration", "duration 'PT13H' is outside what FIS accepts (PT1M to PT12H)"));
    }

    @Test
    void stopConditionsAndOptions() {
        assertThat(problems("""
                {"description": "d",
                 "actions": {"w": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
                 "stopConditions": [{"source": "aws:cloudwatch:metric"}, {"source": "aws:cloudwatch:alarm"}],
                 "experimentOptions": {"emptyTargetResolutionMode": "ignore", "accountTargeting": "all"}}
                """)).containsExactly(
                problem("$.stopConditions[0].source", "stop condition source 'aws:cloudwatch:metric' is not 'none' or 'aws:cloudwatch:alarm'"),
                problem("$.stopConditions[1].value", "an aws:cloudwatch:alarm stop condition needs the alarm ARN as value"),
                problem("$.experimentOptions.emptyTargetResolutionMode", "emptyTargetResolutionMode 'ignore' is not 'fail' or 'skip'"),
                problem("$.experimentOptions.accountTargeting", "accountTargeting 'all' is not 'single-account' or 'multi-account'"));
    }

    @Test
    void missingDescriptionActionsAndStopConditions() {
        assertThat(problems("{}")).containsExactly(
                problem("$.description", "missing description"),
                problem("$.actions", "missing actions: a template needs at least one action"),
                problem("$.stopConditions", "missing stopConditions: FIS needs at least [{\"source\": \"none\"}]"));
    }

    @Test
    void unfilledPlaceholdersNameThemAndTheirPath() {
        String json = withActions("""
                {"cut": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "${duration}"},
                         "targets": {"Subnets": "subnets"}}}
                """).replace("\"zone\": \"a\"", "\"zone\": \"${zone}\"");

        assertThat(problems(json)).containsExactly(
                problem("$.targets.subnets.resourceTags.zone", "unfilled placeholder ${zone}"),
                problem("$.actions.cut.parameters.duration", "unfilled placeholder ${duration}"));
    }

    @Test
    void validateThrowsWithEveryProblemAndTheFile() {
        ExperimentTemplate t = TemplateParser.parse("bad", FILE, "{\"description\": \"d\", \"stopConditions\": [{\"source\": \"none\"}]}",
                TemplateParser.Format.JSON);

        assertThatThrownBy(() -> TemplateValidator.validate(t, java.util.Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessage("bad.json: $.actions: missing actions: a template needs at least one action");
    }

    @Test
    void anActionFisRunsButTheLocalPlatformDoesNotIsValidOnAwsOnly() {
        String json = """
                {"description": "d",
                 "targets": {"instances": {"resourceType": "aws:ec2:instance", "resourceTags": {"app": "shop"}, "selectionMode": "ALL"},
                             "db": {"resourceType": "aws:rds:db", "resourceArns": ["arn:aws:rds:eu-west-1:123456789012:db:shop"]}},
                 "actions": {"terminate": {"actionId": "aws:ec2:terminate-instances", "targets": {"Instances": "instances"}},
                             "reboot": {"actionId": "aws:rds:reboot-db-instances", "targets": {"DBInstances": "db"}},
                             "wait": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}}},
                 "stopConditions": [{"source": "none"}]}
                """;
        FisVerdict verdict = TemplateValidator.verdict(TemplateParser.parse("aws-only", FILE, json, TemplateParser.Format.JSON));

        assertThat(verdict.kind()).isEqualTo(FisVerdict.Kind.VALID_AWS_ONLY);
        assertThat(verdict.awsOnly()).extracting(FisVerdict.AwsOnlyAction::line).containsExactly(
                "plays on AWS only: aws:ec2:terminate-instances (action 'terminate'): the local platform has no effect for it",
                "plays on AWS only: aws:rds:reboot-db-instances (action 'reboot'): the local platform plays it only with forceFailover=true");
        assertThatThrownBy(() -> verdict.requirePlayableLocally("aws-only"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("experiment aws-only cannot run on the local target: "
                        + "plays on AWS only: aws:ec2:terminate-instances (action 'terminate'): the local platform has no effect for it;"
                        + " local alternative: none")
                .hasMessageContaining("run it with --target <aws target file>");
        // Sent as it is to FIS: nothing to refuse there.
        verdict.requireRunnable(FILE, java.util.Set.of());
    }

    @Test
    void valuesWrittenForPeopleAreToFillNotInvalid() {
        String json = """
                {"description": "Stops <n> tasks: free text, nothing to fill",
                 "targets": {"tasks": {"resourceType": "aws:ecs:task",
                                       "resourceArns": ["arn:aws:ecs:eu-west-1:<YOUR AWS ACCOUNT>:task/shop/1"]}},
                 "actions": {"latency": {"actionId": "aws:ecs:task-network-latency",
                                         "parameters": {"duration": "${duration}", "delayMilliseconds": "200"},
                                         "targets": {"Tasks": "tasks"}}},
                 "stopConditions": [{"source": "aws:cloudwatch:alarm", "value": "<ALARM ARN>"}],
                 "roleArn": "arn:aws:iam::<YOUR AWS ACCOUNT>:role/fis"}
                """;
        FisVerdict verdict = TemplateValidator.verdict(TemplateParser.parse("people", FILE, json, TemplateParser.Format.JSON));

        assertThat(verdict.kind()).isEqualTo(FisVerdict.Kind.VALID);
        assertThat(verdict.toFill()).extracting(v -> v.path() + " " + v.written()).containsExactly(
                "$.targets.tasks.resourceArns[0] <YOUR AWS ACCOUNT>",
                "$.actions.latency.parameters.duration ${duration}",
                "$.stopConditions[0].value <ALARM ARN>",
                "$.roleArn <YOUR AWS ACCOUNT>");
        // A run requires them filled.
        assertThatThrownBy(() -> verdict.requireRunnable(FILE, java.util.Set.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("bad.json: $.targets.tasks.resourceArns[0]: value to fill: <YOUR AWS ACCOUNT> is written for people to replace")
                .hasMessageContaining("bad.json: $.actions.latency.parameters.duration: unfilled placeholder ${duration}");
    }

    @Test
    void aCheckWithoutATargetMayStandInForWhatOnlyTheTargetKnows() {
        String json = withActions("{\"cut\": {\"actionId\": \"aws:network:disrupt-connectivity\", \"parameters\": {\"duration\": \"PT5M\"}, \"targets\": {\"Subnets\": \"subnets\"}}}")
                .replace("\"zone\": \"a\"", "\"zone\": \"<zone>\"");
        FisVerdict verdict = TemplateValidator.verdict(TemplateParser.parse("bad", FILE, json, TemplateParser.Format.JSON));

        verdict.requireRunnable(FILE, java.util.Set.of("<zone>"));
        assertThatThrownBy(() -> verdict.requireRunnable(FILE, java.util.Set.of()))
                .hasMessage("bad.json: $.targets.subnets.resourceTags.zone: value to fill: <zone> is written for people to replace");
    }
}

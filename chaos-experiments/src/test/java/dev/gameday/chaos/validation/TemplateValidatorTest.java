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
                .containsExactly(problem("$.actions.a.actionId", "unknown action id 'aws:ecs:stop-tasks'"));
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
                        problem("$.actions.f.targets.Cluster", "action 'aws:rds:failover-db-cluster' takes no target role 'Cluster' (it takes: Clusters)"),
                        problem("$.actions.f.targets", "action 'aws:rds:failover-db-cluster' needs a target for role 'Clusters' (of resource type 'aws:rds:cluster')"));
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
                problem("$.targets.neither", "target 'neither' selects no resources: set resourceArns or resourceTags"),
                problem("$.targets.neitherTask", "target 'neitherTask' selects no resources: set resourceArns or resourceTags or parameters [cluster, service]"),
                problem("$.targets.badParameter.parameters.cluster", "targets of type 'aws:rds:cluster' take no parameters"),
                problem("$.targets.badMode.selectionMode", "selection mode 'COUNT(0)' must select at least 1 resource"),
                problem("$.targets.worseMode.selectionMode", "selection mode 'SOME' is not ALL, COUNT(n) or PERCENT(n)"));
    }

    @Test
    void durations() {
        assertThat(problems(withActions("""
                {"a": {"actionId": "aws:fis:wait", "parameters": {"duration": "5 minutes"}},
                 "b": {"actionId": "aws:fis:wait", "parameters": {"duration": "PT30S"}},
                 "c": {"actionId": "aws:network:disrupt-connectivity", "parameters": {"duration": "PT13H"}, "targets": {"Subnets": "subnets"}},
                 "d": {"actionId": "aws:ecs:task-cpu-stress", "parameters": {"duration": "PT12H"}, "targets": {"Tasks": "tasks"}}}
                """))).containsExactly(
                problem("$.actions.a.parameters.duration", "duration '5 minutes' is not an ISO-8601 duration such as PT5M"),
                problem("$.actions.b.parameters.duration", "duration 'PT30S' is outside what FIS accepts for 'aws:fis:wait' (PT1M to PT12H)"),
                problem("$.actions.c.parameters.duration", "duration 'PT13H' is outside what FIS accepts for 'aws:network:disrupt-connectivity' (PT1M to PT12H)"));
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

        assertThatThrownBy(() -> TemplateValidator.validate(t))
                .isInstanceOf(TemplateException.class)
                .hasMessage("bad.json: $.actions: missing actions: a template needs at least one action");
    }
}

package dev.gameday.chaos.validation;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatedExperimentTest {

    static final String FILE = "stop.json";
    static final String STOP_TASK = """
            {"description": "d",
             "targets": {"tasks": {"resourceType": "aws:ecs:task",
                                   "parameters": {"cluster": "${cluster}", "service": "${service}"},
                                   "selectionMode": "COUNT(1)"}},
             "actions": {"stop": {"actionId": "aws:ecs:stop-task", "targets": {"Tasks": "tasks"}}},
             "stopConditions": [{"source": "none"}]}
            """;
    static final Map<String, String> SHOP = Map.of("cluster", "shop", "service", "web");

    static ExperimentTemplate template(String json) {
        return TemplateParser.parse("stop", FILE, json, TemplateParser.Format.JSON);
    }

    @Test
    void validateFillsTheTemplateAndKeepsTheValuesThatFilledIt() {
        ValidatedExperiment experiment = TemplateValidator.validate(template(STOP_TASK), SHOP);

        assertThat(experiment.name()).isEqualTo("stop");
        assertThat(experiment.parameters()).isEqualTo(SHOP);
        assertThat(experiment.template().targets().get("tasks").parameters())
                .containsEntry("cluster", "shop").containsEntry("service", "web");
        assertThat(experiment.template().source()).isEqualTo(FILE);
    }

    @Test
    void aValueLeftToFillMakesNoExperiment() {
        assertThatThrownBy(() -> TemplateValidator.validate(template(STOP_TASK), Map.of("cluster", "shop")))
                .isInstanceOf(TemplateException.class)
                .hasMessage(FILE + ": $.targets.tasks.parameters.service: unfilled placeholder ${service}");
    }

    @Test
    void anActionOnlyAwsPlaysIsRefusedLocallyFromTheVerdictTheValidatorGave() {
        // The local platform runs ECS tasks, no EKS pods: deleting a pod plays on AWS only.
        String deletePod = """
                {"description": "d",
                 "targets": {"pods": {"resourceType": "aws:eks:pod", "selectionMode": "ALL",
                                      "parameters": {"clusterIdentifier": "${cluster}", "namespace": "default",
                                                     "selectorType": "labelSelector", "selectorValue": "app=shop"}}},
                 "actions": {"stop": {"actionId": "aws:eks:pod-delete", "parameters": {"kubernetesServiceAccount": "fis"},
                                      "targets": {"Pods": "pods"}}},
                 "stopConditions": [{"source": "none"}]}
                """;
        ValidatedExperiment experiment = TemplateValidator.validate(template(deletePod), SHOP);

        assertThatThrownBy(experiment::requirePlayableLocally)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("experiment stop cannot run on the local target: plays on AWS only: aws:eks:pod-delete")
                .hasMessageContaining("local alternative: aws:ecs:stop-task");
        TemplateValidator.validate(template(STOP_TASK), SHOP).requirePlayableLocally();
    }

    @Test
    void newStopConditionsReplaceTheOldInTheTypedFieldsAndTheDocument() {
        String alarm = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-5xx";
        ValidatedExperiment guarded = TemplateValidator.validate(template(STOP_TASK), SHOP)
                .withStopConditions(List.of(new StopCondition(StopCondition.CLOUDWATCH_ALARM, alarm)));

        assertThat(guarded.template().stopConditions()).containsExactly(new StopCondition(StopCondition.CLOUDWATCH_ALARM, alarm));
        assertThat(guarded.template().fisJson().get("stopConditions").toString())
                .isEqualTo("[{\"source\":\"aws:cloudwatch:alarm\",\"value\":\"" + alarm + "\"}]");
        assertThat(guarded.parameters()).isEqualTo(SHOP);
    }

    @Test
    void stopConditionsFisWouldRefuseAreRefusedWithTheirPath() {
        ValidatedExperiment experiment = TemplateValidator.validate(template(STOP_TASK), SHOP);

        assertThatThrownBy(() -> experiment.withStopConditions(List.of(
                new StopCondition(StopCondition.CLOUDWATCH_ALARM, " "),
                new StopCondition(StopCondition.CLOUDWATCH_ALARM, "arn:aws:cloudwatch:eu-west-1:${account}:alarm:a"))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(FILE + ": $.stopConditions[0].value: an aws:cloudwatch:alarm stop condition needs the alarm ARN as value")
                .hasMessageContaining(FILE + ": $.stopConditions[1].value: unfilled placeholder ${account}");
        assertThatThrownBy(() -> experiment.withStopConditions(List.of()))
                .hasMessage(FILE + ": $.stopConditions: missing stopConditions: FIS needs at least [{\"source\": \"none\"}]");
    }
}

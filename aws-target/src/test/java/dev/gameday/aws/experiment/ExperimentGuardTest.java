package dev.gameday.aws.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The guard between a filled template and FIS on the aws target: role, ARNs, stop conditions. */
class ExperimentGuardTest {

    static final String FILE = ShopDeployment.targetFile("123456789012", "210987654321");
    static final ExperimentGuard WITH_ALARMS = guard(FILE + "stopConditionAlarms: [shop-alb-5xx]\n");

    static ExperimentGuard guard(String yaml) {
        return new ExperimentGuard(AwsTargetConfig.parse("targets/shop.yaml", yaml));
    }

    static ExperimentTemplate azPower(String account, String region) {
        return TemplateCatalogue.classpath().load("az-power-interruption").fill(values(account, region));
    }

    static Map<String, String> values(String account, String region) {
        Map<String, String> values = new LinkedHashMap<>(AwsTargetConfig.parse("t.yaml", FILE).offlineParameters());
        values.put("account", account);
        values.put("region", region);
        values.put("zone", "eu-west-1a");
        return values;
    }

    @Test
    void aValidatedExperimentGetsTheFilesAlarmsAndKeepsTheValuesThatFilledIt() {
        Map<String, String> values = values("123456789012", "eu-west-1");
        ValidatedExperiment validated = TemplateValidator.validate(
                TemplateCatalogue.classpath().load("az-power-interruption"), values);

        ValidatedExperiment prepared = WITH_ALARMS.prepare(validated);

        StopCondition alarm = new StopCondition("aws:cloudwatch:alarm", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx");
        assertThat(prepared.template().stopConditions()).containsExactly(alarm);
        assertThat(prepared.template().fisJson().at("/stopConditions/0/value").asText()).isEqualTo(alarm.value());
        assertThat(prepared.parameters()).isEqualTo(values);
        assertThat(prepared.template().targets()).isEqualTo(validated.template().targets());
        assertThatThrownBy(() -> WITH_ALARMS.prepare(TemplateValidator.validate(
                TemplateCatalogue.classpath().load("az-power-interruption"), values("999999999999", "eu-west-1"))))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("is in account 999999999999, which allowedAccounts in targets/shop.yaml does not list");
    }

    @Test
    void theFilesAlarmsReplaceNoStopCondition() {
        ExperimentTemplate prepared = WITH_ALARMS.prepare(azPower("123456789012", "eu-west-1"));

        assertThat(prepared.stopConditions()).containsExactly(new StopCondition("aws:cloudwatch:alarm",
                "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-alb-5xx"));
        assertThat(WITH_ALARMS.warning(prepared)).isEmpty();
    }

    @Test
    void aTemplateWithoutAnAlarmStopConditionIsRefused() {
        assertThatThrownBy(() -> guard(FILE).prepare(azPower("123456789012", "eu-west-1")))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo("classpath:templates/az-power-interruption.json");
                            assertThat(p.path()).isEqualTo("$.stopConditions");
                            assertThat(p.message()).contains("needs an aws:cloudwatch:alarm stop condition",
                                    "stopConditionAlarms in targets/shop.yaml", "allowNoStopCondition: true");
                        }));
    }

    @Test
    void allowNoStopConditionLetsItRunWithAWarning() {
        ExperimentGuard allowing = guard(FILE + "allowNoStopCondition: true\n");

        ExperimentTemplate prepared = allowing.prepare(azPower("123456789012", "eu-west-1"));

        assertThat(prepared.stopConditions()).containsExactly(new StopCondition("none", null));
        assertThat(allowing.warning(prepared)).hasValueSatisfying(w -> assertThat(w).contains(
                "experiment az-power-interruption has no aws:cloudwatch:alarm stop condition",
                "allowNoStopCondition: true in targets/shop.yaml"));
    }

    @Test
    void anArnOutsideTheAllowedAccountsIsRefusedWithItsPath() {
        assertThatThrownBy(() -> WITH_ALARMS.prepare(azPower("999999999999", "eu-west-1")))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem("classpath:templates/az-power-interruption.json", "$.targets.dbCluster.resourceArns[0]",
                                "arn:aws:rds:eu-west-1:999999999999:cluster:shop-db is in account 999999999999, which"
                                        + " allowedAccounts in targets/shop.yaml does not list")));
        // Another allowed account is accepted: the allow-list decides, as for the credentials.
        assertThat(WITH_ALARMS.prepare(azPower("210987654321", "eu-west-1")).targets()).containsKey("dbCluster");
    }

    @Test
    void anArnInAnotherRegionIsRefused() {
        assertThatThrownBy(() -> WITH_ALARMS.prepare(azPower("123456789012", "us-east-1")))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).extracting(Problem::path, Problem::message)
                        .contains(tuple("$.targets.dbCluster.resourceArns[0]",
                                "arn:aws:rds:us-east-1:123456789012:cluster:shop-db is in region us-east-1, but the target's region is eu-west-1")));
    }

    @Test
    void literalArnsAndTheRoleAreCheckedToo() {
        ObjectNode json = (ObjectNode) azPower("123456789012", "eu-west-1").json();
        json.put("roleArn", "arn:aws:iam::123456789012:role/admin");
        ((ObjectNode) json.at("/targets/dbCluster")).putArray("resourceArns").add("arn:aws:rds:eu-west-1:444455556666:cluster:prod");
        json.putArray("stopConditions").addObject().put("source", "aws:cloudwatch:alarm").put("value", "arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:x");
        ExperimentTemplate literal = TemplateParser.fromTree("my-template", "gamedays/my-template.json", json);

        assertThatThrownBy(() -> guard(FILE).prepare(literal))
                .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.problems()).extracting(Problem::toString)
                        .containsExactly(
                                "gamedays/my-template.json: $.roleArn: FIS acts only with targets/shop.yaml's fisRoleArn"
                                        + " arn:aws:iam::123456789012:role/gameday-fis, was arn:aws:iam::123456789012:role/admin"
                                        + " (leave roleArn out of the template)",
                                "gamedays/my-template.json: $.targets.dbCluster.resourceArns[0]: arn:aws:rds:eu-west-1:444455556666:cluster:prod"
                                        + " is in account 444455556666, which allowedAccounts in targets/shop.yaml does not list",
                                "gamedays/my-template.json: $.stopConditions[0].value: arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:x"
                                        + " is in partition aws-cn, but the target's is aws"));
    }
}

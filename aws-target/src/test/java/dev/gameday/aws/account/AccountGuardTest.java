package dev.gameday.aws.account;

import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.ShopDeployment;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static dev.gameday.aws.standin.AwsStandIn.callerIdentity;
import static dev.gameday.aws.standin.AwsStandIn.queryRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account check comes first: a foreign account is refused, naming both ids, before any other
 * call; an empty allow-list is refused before even STS is asked.
 */
class AccountGuardTest {

    AwsStandIn aws;
    EventLog events;

    @BeforeEach
    void setUp() {
        aws = new AwsStandIn();
        ShopDeployment.stub(aws);
        events = EventLog.inMemory(Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    AwsTargetConfig config() {
        return AwsTargetConfig.parse("targets/staging.yaml", """
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: https://shop.example.com
                loadBalancer: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188
                targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
                """ + aws.endpointsYaml());
    }

    @Test
    void aForeignAccountIsRefusedWithBothIdsNamedAndNothingElseCalled() {
        aws.stubXml("GetCallerIdentity", callerIdentity("999988887777"));

        assertThatThrownBy(() -> AwsTarget.builder(config(), events).credentialsProvider(AwsStandIn.CREDENTIALS).open())
                .isInstanceOfSatisfying(AccountNotAllowedException.class, e -> {
                    assertThat(e.identity().account()).isEqualTo("999988887777");
                    assertThat(e.allowed()).containsExactly("123456789012");
                })
                .hasMessageContaining("999988887777")
                .hasMessageContaining("123456789012")
                .hasMessageContaining("targets/staging.yaml");

        aws.server().verify(1, queryRequested("GetCallerIdentity")
                .withFormParam("Version", equalTo("2011-06-15"))
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.containing("/eu-west-1/sts/aws4_request")));
        assertThat(aws.server().getAllServeEvents()).as("every request the stand-in received").hasSize(1);
        assertThat(events.events()).extracting(Event::type).containsExactly("account.refused");
        assertThat(events.events().get(0).attr("account")).isEqualTo("999988887777");
    }

    @Test
    void anAllowedAccountIsVerifiedAndRecorded() {
        aws.stubXml("GetCallerIdentity", callerIdentity("123456789012"));
        try (AwsClients clients = aws.clients(events)) {
            CallerIdentity identity = new AccountGuard(clients.sts(), events).verify(List.of("123456789012"), "t.yaml");

            assertThat(identity).isEqualTo(new CallerIdentity("123456789012",
                    "arn:aws:sts::123456789012:assumed-role/gameday-operator/sre-session", "AROA3XFRBF23EXAMPLE:sre-session"));
            assertThat(events.events()).extracting(Event::type).containsExactly("account.verified");
        }
    }

    @Test
    void anEmptyAllowListIsRefusedWithoutAskingAnyone() {
        try (AwsClients clients = aws.clients(events)) {
            assertThatThrownBy(() -> new AccountGuard(clients.sts(), events).verify(List.of(), "t.yaml"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no allowedAccounts");
        }
        assertThat(aws.server().getAllServeEvents()).isEmpty();
    }

    @Test
    void anAllowedAccountThatIsNotTheDeploymentsIsRefusedToo() {
        aws.stubXml("GetCallerIdentity", callerIdentity("210987654321"));
        AwsTargetConfig twoAccounts = AwsTargetConfig.parse("targets/t.yaml",
                ShopDeployment.targetFile("123456789012", "210987654321") + aws.endpointsYaml());

        assertThatThrownBy(() -> AwsTarget.builder(twoAccounts, events).credentialsProvider(AwsStandIn.CREDENTIALS).open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credentials are for account 210987654321")
                .hasMessageContaining("deployment in account 123456789012");
        assertThat(aws.server().getAllServeEvents()).hasSize(1);
    }

    @Test
    void anUnsetAdminTokenVariableIsRefusedBeforeAnyCall() {
        AwsTargetConfig withToken = AwsTargetConfig.parse("targets/t.yaml", """
                region: eu-west-1
                allowedAccounts: ["123456789012"]
                baseUrl: https://shop.example.com
                adminTokenEnv: GAMEDAY_TEST_UNSET_TOKEN
                loadBalancer: arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188
                targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-tg/73e2d6bc24d8a067
                ecs: {cluster: shop, service: shop-api}
                database: {cluster: shop-db}
                fisRoleArn: arn:aws:iam::123456789012:role/gameday-fis
                """ + aws.endpointsYaml());

        assertThatThrownBy(() -> AwsTarget.builder(withToken, events).credentialsProvider(AwsStandIn.CREDENTIALS)
                .environment(name -> null).open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GAMEDAY_TEST_UNSET_TOKEN, which is not set");
        assertThat(aws.server().getAllServeEvents()).isEmpty();
    }
}

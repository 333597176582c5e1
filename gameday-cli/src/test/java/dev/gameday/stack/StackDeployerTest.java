package dev.gameday.stack;

import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.cli.GamedayCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.gameday.aws.standin.AwsStandIn.query;
import static dev.gameday.aws.standin.AwsStandIn.queryRequested;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gameday deploy} and {@code gameday destroy} against a CloudFormation stand-in answering in
 * the Query protocol's documented XML (form-encoded {@code Action=…} in). The tests assert on the
 * requests the SDK sent and on what the user is shown.
 */
class StackDeployerTest {

    private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    private static final String STACK_ID =
            "arn:aws:cloudformation:eu-west-1:123456789012:stack/gameday-shop/5a9c7e10-b3d4-11f1-8f2a-0a1b2c3d4e5f";
    private static final String LB_ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/gameda-LoadB-Xk3b9TqZ1r2s/8c1e5b3f2a7d9e40";
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private AwsStandIn aws;
    private final Instant start = Instant.now();

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        System.setProperty("gameday.home", HOME.toString());
        // Dummy credentials the SDK's default chain finds first (system properties).
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        aws = new AwsStandIn();
    }

    @AfterEach
    void tearDown() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        aws.close();
    }

    @Test
    void deployCreatesTheStackShowsEveryEventAndWritesTheTargetFile() throws Exception {
        stubInState(Scenario.STARTED, "DescribeStacks", 400, notFound(), null);
        stubInState(Scenario.STARTED, "CreateStack", 200, """
                <CreateStackResponse xmlns="%s">
                  <CreateStackResult><StackId>%s</StackId></CreateStackResult>
                  <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
                </CreateStackResponse>""".formatted(NS, STACK_ID), "creating");
        String vpc = event(1, "Vpc8378EB38", "AWS::EC2::VPC", "CREATE_IN_PROGRESS", null);
        String vpcDone = event(2, "Vpc8378EB38", "AWS::EC2::VPC", "CREATE_COMPLETE", null);
        String stackDone = event(3, "gameday-shop", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
        stubInState("creating", "DescribeStackEvents", 200, events(vpc), null);
        stubInState("creating", "DescribeStacks", 200, stacks("CREATE_IN_PROGRESS", true, false), "created");
        stubInState("created", "DescribeStackEvents", 200, events(stackDone, vpcDone, vpc), null);
        stubInState("created", "DescribeStacks", 200, stacks("CREATE_COMPLETE", true, true), null);
        Path target = tmp.resolve("targets/gameday-shop.yaml");

        int exit = GamedayCommand.execute("deploy", "--region", "eu-west-1", "--image",
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gameday-shop:1", "--set", "NatGateways=3",
                "--out", target.toString(), "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(exit).as(stderr()).isZero();
        Map<String, String> create = form(only("CreateStack"));
        assertThat(create).containsEntry("StackName", "gameday-shop")
                .containsEntry("Capabilities.member.1", "CAPABILITY_IAM")
                .containsEntry("OnFailure", "DELETE")
                .containsEntry("Tags.member.1.Key", StackDeployer.TAG).containsEntry("Tags.member.1.Value", "gameday-shop")
                .containsEntry("TemplateBody", StackTemplate.load(HOME).body());
        assertThat(parameters(create)).containsExactly(
                Map.entry("ImageUri", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gameday-shop:1"),
                Map.entry("NatGateways", "3"));
        // Every event once, oldest first, though the second page repeats the first.
        String printed = stdout();
        assertThat(printed).containsSubsequence("creating stack gameday-shop",
                "CREATE_IN_PROGRESS   AWS::EC2::VPC", "CREATE_COMPLETE      AWS::EC2::VPC",
                "CREATE_COMPLETE      AWS::CloudFormation::Stack", "stack gameday-shop is CREATE_COMPLETE",
                "wrote " + target);
        assertThat(printed.split("CREATE_IN_PROGRESS   AWS::EC2::VPC", -1)).hasSize(2);
        AwsTargetConfig written = AwsTargetConfig.load(target);
        assertThat(written.allowedAccounts()).containsExactly("123456789012");
        assertThat(written.loadBalancer().arn()).isEqualTo(LB_ARN);
    }

    @Test
    void aFailedCreationQuotesWhatFailedAndSaysNothingIsLeft() {
        stubInState(Scenario.STARTED, "DescribeStacks", 400, notFound(), null);
        stubInState(Scenario.STARTED, "CreateStack", 200, """
                <CreateStackResponse xmlns="%s"><CreateStackResult><StackId>%s</StackId></CreateStackResult></CreateStackResponse>
                """.formatted(NS, STACK_ID), "failed");
        String reason = "Resource handler returned message: \"The maximum number of addresses has been reached."
                + " (Service: Ec2, Status Code: 400, Request ID: 5c1f2e3a)\"";
        stubInState("failed", "DescribeStackEvents", 200, events(
                event(4, "gameday-shop", "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null),
                event(3, "gameday-shop", "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS",
                        "The following resource(s) failed to create: [VpcpublicSubnet2EIP811E07A7]. Delete requested by user."),
                event(2, "VpcpublicSubnet2EIP811E07A7", "AWS::EC2::EIP", "CREATE_FAILED", reason),
                event(1, "VpcpublicSubnet2EIP811E07A7", "AWS::EC2::EIP", "CREATE_IN_PROGRESS", null)), null);
        stubInState("failed", "DescribeStacks", 200, stacks("DELETE_COMPLETE", true, false), null);

        int exit = GamedayCommand.execute("deploy", "--region", "eu-west-1", "--set", "ImageUri=img:1",
                "--out", tmp.resolve("t.yaml").toString(), "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("the creation of stack gameday-shop failed and CloudFormation deleted what it had created (DELETE_COMPLETE)",
                "VpcpublicSubnet2EIP811E07A7 (AWS::EC2::EIP): \"" + reason + "\"");
        assertThat(stdout()).contains("CREATE_FAILED").doesNotContain("wrote");
        assertThat(tmp.resolve("t.yaml")).doesNotExist();
    }

    @Test
    void aFailedUpdateIsReportedRolledBackWithItsReason() {
        String created = event(-600, "gameday-shop", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
        stubInState(Scenario.STARTED, "DescribeStacks", 200, stacks("CREATE_COMPLETE", true, true), null);
        stubInState(Scenario.STARTED, "DescribeStackEvents", 200, events(created), null);
        stubInState(Scenario.STARTED, "UpdateStack", 200, """
                <UpdateStackResponse xmlns="%s"><UpdateStackResult><StackId>%s</StackId></UpdateStackResult></UpdateStackResponse>
                """.formatted(NS, STACK_ID), "updating");
        stubInState("updating", "DescribeStackEvents", 200, events(
                event(3, "gameday-shop", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE", null),
                event(2, "ServiceD69D759B", "AWS::ECS::Service", "UPDATE_FAILED",
                        "Resource handler returned message: \"Error occurred during operation 'ECS Deployment Circuit Breaker was triggered'.\""),
                event(1, "ServiceD69D759B", "AWS::ECS::Service", "UPDATE_IN_PROGRESS", null), created), null);
        stubInState("updating", "DescribeStacks", 200, stacks("UPDATE_ROLLBACK_COMPLETE", true, true), null);

        int exit = GamedayCommand.execute("deploy", "--region", "eu-west-1", "--image", "img:2",
                "--out", tmp.resolve("t.yaml").toString(), "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("the update of stack gameday-shop failed and was rolled back to the stack as it was (UPDATE_ROLLBACK_COMPLETE)",
                "ServiceD69D759B (AWS::ECS::Service): \"Resource handler returned message: \"Error occurred during operation");
        Map<String, String> update = form(only("UpdateStack"));
        // Only the image changes: every other parameter keeps its deployed value.
        assertThat(update).containsEntry("StackName", "gameday-shop")
                .containsEntry("Parameters.member.1.ParameterKey", "ImageUri")
                .containsEntry("Parameters.member.1.ParameterValue", "img:2")
                .containsEntry("Parameters.member.2.ParameterKey", "DesiredCount")
                .containsEntry("Parameters.member.2.UsePreviousValue", "true");
        assertThat(aws.server().findAll(queryRequested("CreateStack"))).isEmpty();
        // The stack's earlier events are history, not this update's progress.
        assertThat(stdout()).contains("UPDATE_FAILED").doesNotContain("CREATE_COMPLETE      AWS::CloudFormation::Stack");
    }

    @Test
    void aStackGamedayDidNotCreateIsNeitherUpdatedNorDeleted() throws Exception {
        stubInState(Scenario.STARTED, "DescribeStacks", 200, stacks("CREATE_COMPLETE", false, true), null);

        int deploy = GamedayCommand.execute("deploy", "--region", "eu-west-1", "--image", "img:2",
                "--out", tmp.resolve("t.yaml").toString(), "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");
        Path target = exampleTarget();
        int destroy = GamedayCommand.execute("destroy", "--target", target.toString(),
                "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(deploy).isEqualTo(2);
        assertThat(destroy).isEqualTo(2);
        assertThat(stderr()).contains("stack gameday-shop was not created by gameday (it has no gameday:stack tag): gameday leaves it alone");
        assertThat(aws.server().findAll(queryRequested("UpdateStack"))).isEmpty();
        assertThat(aws.server().findAll(queryRequested("DeleteStack"))).isEmpty();
    }

    @Test
    void destroyDeletesTheStackTheTargetFileDescribesAndWaitsUntilItIsGone() throws Exception {
        String created = event(-600, "gameday-shop", "AWS::CloudFormation::Stack", "CREATE_COMPLETE", null);
        stubInState(Scenario.STARTED, "DescribeStacks", 200, stacks("CREATE_COMPLETE", true, true), null);
        stubInState(Scenario.STARTED, "DescribeStackEvents", 200, events(created), null);
        stubInState(Scenario.STARTED, "DeleteStack", 200, """
                <DeleteStackResponse xmlns="%s"><ResponseMetadata><RequestId>d3a1</RequestId></ResponseMetadata></DeleteStackResponse>
                """.formatted(NS), "deleting");
        stubInState("deleting", "DescribeStackEvents", 200, events(
                event(2, "gameday-shop", "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null),
                event(1, "gameday-shop", "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated"), created), null);
        stubInState("deleting", "DescribeStacks", 200, stacks("DELETE_COMPLETE", true, true), null);
        Path target = exampleTarget();

        int exit = GamedayCommand.execute("destroy", "--target", target.toString(),
                "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(exit).as(stderr()).isZero();
        assertThat(form(only("DeleteStack"))).containsEntry("StackName", STACK_ID);
        assertThat(stdout()).containsSubsequence("deleting stack gameday-shop", "DELETE_IN_PROGRESS", "User Initiated",
                "stack gameday-shop is deleted: nothing of it is left running");
    }

    @Test
    void destroyRefusesAStackWhoseLoadBalancerIsNotTheTargetFiles() throws Exception {
        stubInState(Scenario.STARTED, "DescribeStacks", 200,
                stacks("CREATE_COMPLETE", true, true).replace("8c1e5b3f2a7d9e40", "0000000000000000"), null);

        int exit = GamedayCommand.execute("destroy", "--target", exampleTarget().toString(),
                "--endpoint-url", aws.server().baseUrl(), "--poll-interval", "PT0S");

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains("is not the deployment the target file describes", "nothing deleted");
        assertThat(aws.server().findAll(queryRequested("DeleteStack"))).isEmpty();
    }

    @Test
    void aParameterTheTemplateRefusesStopsTheDeployBeforeAnyCall() {
        int exit = GamedayCommand.execute("deploy", "--region", "eu-west-1", "--image", "img:1", "--set", "NatGateways=2",
                "--set", "Colour=blue", "--out", tmp.resolve("t.yaml").toString(),
                "--endpoint-url", aws.server().baseUrl());

        assertThat(exit).isEqualTo(2);
        assertThat(stderr()).contains(StackTemplate.FILE, "--set NatGateways=2: the template allows 1, 3",
                "--set Colour: the template has no parameter 'Colour'");
        // Checked against the template before CloudFormation is asked anything.
        assertThat(aws.server().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void deployHelpDocumentsItsFlags() {
        assertThat(GamedayCommand.execute("deploy", "--help")).isZero();
        assertThat(stdout()).contains("--region", "--image", "--name", "--set", "NatGateways=1|3", "--out",
                "gameday destroy --target");
        assertThat(GamedayCommand.execute("destroy", "--help")).isZero();
        assertThat(stdout()).contains("--target", "gameday:stack");
    }

    // ---- the stand-in --------------------------------------------------------------------------

    private void stubInState(String state, String action, int status, String body, String next) {
        ScenarioMappingBuilder mapping = query(action).inScenario("stack").whenScenarioStateIs(state);
        if (next != null) {
            mapping = mapping.willSetStateTo(next);
        }
        aws.server().stubFor(mapping.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "4c7b2f8e-1d3a-4b5c-9e6f-0a1b2c3d4e5f").withBody(body)));
    }

    private static String notFound() {
        return """
                <ErrorResponse xmlns="%s">
                  <Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id gameday-shop does not exist</Message></Error>
                  <RequestId>5ccc7dcd-744c-11e5-be70-example</RequestId>
                </ErrorResponse>""".formatted(NS);
    }

    /** DescribeStacks' answer: the stack in {@code status}, with the harness's tag or not, with outputs or not. */
    private static String stacks(String status, boolean tagged, boolean outputs) {
        StringBuilder o = new StringBuilder();
        if (outputs) {
            StackDescription example = StackDescription.read(HOME.resolve("reference-deployment/describe-stacks.json"), null);
            example.outputs().forEach((k, v) -> o.append("<member><OutputKey>").append(k).append("</OutputKey><OutputValue>")
                    .append(v).append("</OutputValue></member>"));
        }
        return """
                <DescribeStacksResponse xmlns="%s">
                  <DescribeStacksResult>
                    <Stacks>
                      <member>
                        <StackName>gameday-shop</StackName>
                        <StackId>%s</StackId>
                        <CreationTime>2026-12-01T09:14:27.512Z</CreationTime>
                        <StackStatus>%s</StackStatus>
                        <DisableRollback>false</DisableRollback>
                        <Capabilities><member>CAPABILITY_IAM</member></Capabilities>
                        <Parameters>
                          <member><ParameterKey>NatGateways</ParameterKey><ParameterValue>1</ParameterValue></member>
                        </Parameters>
                        <Outputs>%s</Outputs>
                        <Tags>%s</Tags>
                      </member>
                    </Stacks>
                  </DescribeStacksResult>
                  <ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata>
                </DescribeStacksResponse>""".formatted(NS, STACK_ID, status, o,
                tagged ? "<member><Key>gameday:stack</Key><Value>gameday-shop</Value></member>" : "");
    }

    /** One StackEvents member, {@code second}s after the test started (its id names resource, status and second). */
    private String event(int second, String logicalId, String type, String status, String reason) {
        return """
                <member>
                  <EventId>%1$s-%2$s-%3$d</EventId>
                  <StackName>gameday-shop</StackName>
                  <StackId>%4$s</StackId>
                  <LogicalResourceId>%1$s</LogicalResourceId>
                  <ResourceType>%5$s</ResourceType>
                  <Timestamp>%6$s</Timestamp>
                  <ResourceStatus>%2$s</ResourceStatus>%7$s
                </member>""".formatted(logicalId, status, second, STACK_ID, type, start.plusSeconds(second),
                reason == null ? "" : "\n  <ResourceStatusReason>" + reason.replace("&", "&amp;").replace("\"", "&quot;")
                        + "</ResourceStatusReason>");
    }

    /** DescribeStackEvents' answer, newest first as CloudFormation lists them. */
    private static String events(String... members) {
        return """
                <DescribeStackEventsResponse xmlns="%s">
                  <DescribeStackEventsResult><StackEvents>%s</StackEvents></DescribeStackEventsResult>
                  <ResponseMetadata><RequestId>e1b2</RequestId></ResponseMetadata>
                </DescribeStackEventsResponse>""".formatted(NS, String.join("\n", members));
    }

    private Path exampleTarget() {
        Path target = tmp.resolve("gameday-shop.yaml");
        StackTargetFile.write(StackDescription.read(HOME.resolve("reference-deployment/describe-stacks.json"), null), target);
        return target;
    }

    private LoggedRequest only(String action) {
        List<LoggedRequest> requests = aws.server().findAll(queryRequested(action));
        assertThat(requests).as(action + " requests").hasSize(1);
        return requests.get(0);
    }

    private static Map<String, String> form(LoggedRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    /** The {@code Parameters.member.N} of a request, in order. */
    private static Map<String, String> parameters(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
            out.put(form.get("Parameters.member." + i + ".ParameterKey"), form.get("Parameters.member." + i + ".ParameterValue"));
        }
        return out;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

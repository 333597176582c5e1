package dev.gameday.cli;

import dev.gameday.core.config.ConfigException;
import dev.gameday.stack.StackDeployer;
import dev.gameday.stack.StackDescription;
import dev.gameday.stack.StackTargetFile;
import dev.gameday.stack.StackTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gameday deploy --region R --image URI [--name N] [--set K=V]…}: stands the reference
 * deployment up in an account from the committed template (no node, no CDK: the CloudFormation API),
 * shows its progress event by event, then writes {@code targets/<name>.yaml} from the stack's outputs.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates (or updates) the reference deployment's stack in an AWS account and writes its target file.",
                "The stack: a VPC over 3 AZs, an ALB, the shop on ECS Fargate, RDS Multi-AZ PostgreSQL, SQS, alarms and",
                "the FIS role (reference-deployment/template). It costs money while it stands: README, \"On AWS\".",
                "Remove it with: gameday destroy --target targets/<name>.yaml"})
final class DeployCommand implements Callable<Integer> {

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "The region to deploy in, e.g. eu-west-1.")
    String region;

    @Option(names = "--image", paramLabel = "URI",
            description = "The shop's container image (the ImageUri parameter; required to create the stack).")
    String image;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "gameday-shop",
            description = "The stack's name, and the target file's: targets/NAME.yaml. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--set", paramLabel = "PARAM=VALUE",
            description = {"A template parameter (repeatable): NatGateways=1|3 (one NAT for all zones, or one per zone),",
                    "DesiredCount (default 3, at least one task per zone), MaxCount (default 12),",
                    "FailoverHostedZoneId + FailoverRecordName (a Route 53 failover record with a health check)."})
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the target file. Default: targets/NAME.yaml.")
    Path out;

    @Mixin
    CloudFormationOptions cloudFormation;

    @Override
    public Integer call() {
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            System.err.println("gameday: --region must be an AWS region such as eu-west-1, was '" + region + "'");
            return GamedayCommand.NOT_RUN;
        }
        Map<String, String> parameters = new LinkedHashMap<>(set);
        if (image != null) {
            parameters.put("ImageUri", image);
        }
        Path target = out != null ? out : GamedayCommand.home().resolve("targets").resolve(name + ".yaml");
        try (CloudFormationClient client = cloudFormation.client(region)) {
            StackTemplate template = StackTemplate.load(GamedayCommand.home());
            StackDeployer deployer = cloudFormation.deployer(client);
            StackDescription stack = deployer.deploy(name, template, parameters);
            StackTargetFile.write(stack, target);
            System.out.println("wrote " + target + " (account " + stack.account() + " allowed, region " + stack.region() + ")");
            System.out.println("next: ./gameday plan az-outage --target " + target + "   (and when done: ./gameday destroy --target "
                    + target + ")");
            return GamedayCommand.PASS;
        } catch (StackDeployer.StackOperationFailed | IllegalArgumentException | ConfigException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        } catch (SdkException e) {
            System.err.println("gameday: CloudFormation in " + region + ": " + PlanCommand.unreachable(e));
            return GamedayCommand.NOT_RUN;
        }
    }
}

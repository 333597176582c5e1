package dev.gameday.cli;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.core.config.ConfigException;
import dev.gameday.stack.StackDeployer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday destroy --target targets/<name>.yaml}: deletes the stack {@code gameday deploy}
 * created — only a stack with the harness's tag, and only the one whose load balancer the target file
 * names — and waits until it is gone.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deletes a reference deployment stack that gameday deploy created, and waits until it is gone.",
                "Refuses a stack without the gameday:stack tag, or one the target file does not describe."})
final class DestroyCommand implements Callable<Integer> {

    @Option(names = "--target", required = true, paramLabel = "FILE",
            description = "The target file gameday deploy wrote (its region and load balancer identify the stack).")
    Path target;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The stack's name. Default: the target file's name without .yaml (targets/NAME.yaml).")
    String name;

    @Mixin
    CloudFormationOptions cloudFormation;

    @Override
    public Integer call() {
        AwsTargetConfig config;
        try {
            config = AwsTargetConfig.load(target);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
        String stack = name != null ? name : target.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        try (CloudFormationClient client = cloudFormation.client(config.region())) {
            cloudFormation.deployer(client)
                    .destroy(stack, config.loadBalancer().arn());
            return GamedayCommand.PASS;
        } catch (StackDeployer.StackOperationFailed e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        } catch (SdkException e) {
            System.err.println("gameday: CloudFormation in " + config.region() + ": " + PlanCommand.unreachable(e));
            return GamedayCommand.NOT_RUN;
        }
    }
}

package dev.gameday.cli;

import dev.gameday.stack.StackDeployer;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

import java.net.URI;
import java.time.Duration;

/** The options {@code gameday deploy} and {@code gameday destroy} share: how CloudFormation is reached and watched. */
final class CloudFormationOptions {

    @Option(names = "--endpoint-url", paramLabel = "URL", hidden = true,
            description = "Another CloudFormation endpoint (LocalStack, tests).")
    URI endpoint;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "PT5S",
            description = "How often the stack's events are read (ISO-8601). Default: 5 s.")
    Duration pollInterval;

    /** A client for {@code region}; the caller closes it. */
    CloudFormationClient client(String region) {
        return StackDeployer.client(region, endpoint);
    }

    /** A deployer printing its progress on standard output. */
    StackDeployer deployer(CloudFormationClient client) {
        return new StackDeployer(client, System.out::println, pollInterval);
    }
}

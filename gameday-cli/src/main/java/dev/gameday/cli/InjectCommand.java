package dev.gameday.cli;

import dev.gameday.orchestration.injection.S3Uplink;
import dev.gameday.simulation.inject.InjectorMain;
import dev.gameday.simulation.inject.InjectorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday inject}: runs one shopper injector of a game day with {@code load.injectors > 1}.
 * The harness starts it (locally as a task of the {@code gameday-injectors} service, on AWS as an ECS
 * task of the injector task definition); it is not meant to be typed by hand. The spec comes from a
 * file, or from {@value InjectorSpec#ENVIRONMENT}; a spec naming S3 {@code results} sends its
 * readiness, sample batches and files there ({@link S3Uplink}).
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = "Runs one shopper injector from its spec (started by `gameday run` when load.injectors > 1).")
final class InjectCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "the spec file; without it, $" + InjectorSpec.ENVIRONMENT)
    Path spec;

    @Override
    public Integer call() {
        return spec == null ? InjectorMain.run(S3Uplink::of) : InjectorMain.run(S3Uplink::of, spec.toString());
    }
}

package dev.gameday.cli;

import dev.gameday.simulation.inject.InjectorMain;
import dev.gameday.simulation.inject.InjectorSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday inject}: runs one shopper injector of a game day with {@code load.injectors > 1}.
 * The harness starts it (as a task of the {@code gameday-injectors} service); it is not meant to be
 * typed by hand. The spec comes from a file, or from {@value InjectorSpec#ENVIRONMENT}.
 */
@Command(name = "inject", mixinStandardHelpOptions = true,
        description = "Runs one shopper injector from its spec (started by `gameday run` when load.injectors > 1).")
final class InjectCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SPEC", description = "the spec file; without it, $" + InjectorSpec.ENVIRONMENT)
    Path spec;

    @Override
    public Integer call() {
        return spec == null ? InjectorMain.run() : InjectorMain.run(spec.toString());
    }
}

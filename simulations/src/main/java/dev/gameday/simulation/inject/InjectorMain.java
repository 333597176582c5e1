package dev.gameday.simulation.inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The injector's process entry point ({@code gameday inject} runs the same): the spec comes from
 * the file named as the only argument, or else from the {@value InjectorSpec#ENVIRONMENT}
 * environment variable (how a local task or an ECS task override hands it over). Exit codes: 0
 * the traffic ran, 1 Gatling crashed, 2 no usable spec.
 */
public final class InjectorMain {

    private InjectorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Reads the spec and runs the injector; returns the exit code. */
    public static int run(String... args) {
        InjectorSpec spec;
        try {
            spec = args.length > 0 ? InjectorSpec.fromJson(Files.readString(Path.of(args[0])), args[0])
                    : fromEnvironment();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("gameday inject: " + e.getMessage());
            return 2;
        }
        Injector.prepare(spec.output());
        return new Injector(spec).run(System.out);
    }

    private static InjectorSpec fromEnvironment() {
        String json = System.getenv(InjectorSpec.ENVIRONMENT);
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no spec: pass a spec file, or set " + InjectorSpec.ENVIRONMENT);
        }
        return InjectorSpec.fromJson(json, "$" + InjectorSpec.ENVIRONMENT);
    }
}

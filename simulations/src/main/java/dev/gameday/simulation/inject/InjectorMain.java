package dev.gameday.simulation.inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The injector's process entry point ({@code gameday inject} runs the same): the spec comes from
 * the file named as the only argument, or else from the {@value InjectorSpec#ENVIRONMENT}
 * environment variable (how a local task or an ECS task override hands it over). Exit codes: 0
 * the traffic ran, 1 Gatling crashed, 2 no usable spec.
 */
public final class InjectorMain {

    /**
     * Set (to {@code 1}) by a launcher that holds the injector's stdin open for its whole life, as
     * the local platform does: EOF then means the harness is gone, and the injector stops rather
     * than send traffic for a game day nobody plays. Not set on ECS, where a task has no stdin.
     */
    public static final String WATCH_STDIN = "GAMEDAY_INJECTOR_WATCH_STDIN";

    private InjectorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Reads the spec and runs the injector, with no uplink; returns the exit code. */
    public static int run(String... args) {
        return run(spec -> {
            throw new IllegalArgumentException("this process cannot send results to " + spec.results()
                    + " (run it as `gameday inject`)");
        }, args);
    }

    /**
     * Reads the spec and runs the injector; returns the exit code.
     *
     * @param uplinks the uplink of a spec that names {@code results} (an injector on AWS)
     */
    public static int run(Function<InjectorSpec, InjectorUplink> uplinks, String... args) {
        InjectorSpec spec;
        try {
            spec = args.length > 0 ? InjectorSpec.fromJson(Files.readString(Path.of(args[0])), args[0])
                    : fromEnvironment();
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("gameday inject: " + e.getMessage());
            return 2;
        }
        InjectorUplink uplink;
        try {
            uplink = spec.results() != null ? uplinks.apply(spec) : null;
        } catch (IllegalArgumentException e) {
            System.err.println("gameday inject: " + e.getMessage());
            return 2;
        }
        Injector.prepare(spec.output());
        if ("1".equals(System.getenv(WATCH_STDIN))) {
            watchStdin();
        }
        return new Injector(spec, uplink).run(System.out);
    }

    /** The parent-death watch: EOF on stdin stops the injector (its shutdown hook writes its files). */
    private static void watchStdin() {
        Thread watch = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // only the end of the input matters
                }
            } catch (IOException e) {
                // a broken pipe is the same news as EOF
            }
            System.err.println("gameday inject: standard input closed, the harness is gone; stopping");
            System.exit(0);
        }, "injector-stdin-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static InjectorSpec fromEnvironment() {
        String json = System.getenv(InjectorSpec.ENVIRONMENT);
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException("no spec: pass a spec file, or set " + InjectorSpec.ENVIRONMENT);
        }
        return InjectorSpec.fromJson(json, "$" + InjectorSpec.ENVIRONMENT);
    }
}

package dev.gameday.simulation.runner;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.simulation.journey.ShopperSimulation;
import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Runs a Gatling simulation inside the harness's JVM ({@code Gatling.fromArgs}, never
 * {@code main}, which would call {@code System.exit}) and puts its HTML report at
 * {@code <run>/gatling/index.html}.
 *
 * <p>Gatling is configured through system properties and stops Logback when it ends, both
 * JVM-wide: runs are therefore serialised (one at a time per JVM), the properties it sets are
 * restored afterwards, and Logback is restarted so the harness keeps logging.
 *
 * <pre>{@code
 * GatlingResult result = GatlingRunner.builder().runDescription("az-outage").build()
 *         .run(context, run.gatling());
 * }</pre>
 */
public final class GatlingRunner {

    private static final Logger LOG = LoggerFactory.getLogger(GatlingRunner.class);

    /** Gatling's configuration and Logback are per JVM: one run at a time. */
    private static final ReentrantLock ONE_RUN_AT_A_TIME = new ReentrantLock();

    private final Class<? extends Simulation> simulation;
    private final String runDescription;
    private final boolean reports;
    private final boolean console;
    private final Map<String, String> settings;

    private GatlingRunner(Builder b) {
        this.simulation = b.simulation;
        this.runDescription = b.runDescription;
        this.reports = b.reports;
        this.console = b.console;
        this.settings = Map.copyOf(b.settings);
    }

    /** A runner of {@link ShopperSimulation} with reports on. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the simulation into {@code run.gatling()}; blocks until it ends. */
    public GatlingResult run(SimulationContext context, RunDirectory run) {
        return run(context, run.gatling());
    }

    /**
     * Runs the simulation and puts its report (and {@code simulation.log}) in {@code gatlingDir};
     * blocks until the run ends — at the latest at the profile's {@code maxDuration} plus
     * Gatling's shutdown.
     */
    public GatlingResult run(SimulationContext context, Path gatlingDir) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(gatlingDir, "gatlingDir");
        ONE_RUN_AT_A_TIME.lock();
        try {
            return runAlone(context, gatlingDir.toAbsolutePath());
        } finally {
            ONE_RUN_AT_A_TIME.unlock();
        }
    }

    /**
     * Starts the simulation on its own thread and returns at once: the harness reads the
     * recorder live, may {@link TrafficRun#stop(String) stop} it, and {@link TrafficRun#await()
     * awaits} the result.
     */
    public TrafficRun start(SimulationContext context, Path gatlingDir) {
        return TrafficRun.start(this, context, gatlingDir);
    }

    /** {@link #start(SimulationContext, Path)} into {@code run.gatling()}. */
    public TrafficRun start(SimulationContext context, RunDirectory run) {
        return start(context, run.gatling());
    }

    private GatlingResult runAlone(SimulationContext context, Path gatlingDir) {
        Instant startedAt = Instant.now();
        Path results;
        try {
            Files.createDirectories(gatlingDir.getParent());
            // Beside the target, so the report moves into place by rename rather than by copy.
            results = Files.createTempDirectory(gatlingDir.getParent(), ".gatling-results-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Gatling's results folder next to " + gatlingDir, e);
        }
        Map<String, String> previous = applySettings(context);
        SimulationContext.install(context);
        int exitCode;
        String failure = null;
        try {
            List<String> args = new ArrayList<>(List.of(
                    "--simulation", simulation.getName(),
                    "--results-folder", results.toString(),
                    "--run-description", runDescription,
                    "--launcher", "gameday"));
            if (!reports) {
                args.add("--no-reports");
            }
            LOG.info("Gatling {} against {} starts (max {})", simulation.getSimpleName(), context.baseUrl(),
                    context.profile().maxDuration());
            exitCode = Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        } catch (Throwable e) {
            exitCode = GatlingResult.CRASHED;
            failure = e.toString();
        } finally {
            SimulationContext.clear(context);
            restoreSettings(previous);
            LogbackRestart.ifStopped();
        }
        try {
            moveReport(results, gatlingDir);
        } finally {
            deleteQuietly(results);
        }
        GatlingResult result = new GatlingResult(exitCode, gatlingDir, startedAt, Instant.now(),
                context.stopReason(), failure);
        if (failure != null) {
            LOG.error("Gatling run crashed: {}", failure);
        } else {
            LOG.info("Gatling run ended with status {} after {}; report in {}", exitCode, result.duration(), gatlingDir);
        }
        return result;
    }

    /** Sets Gatling's settings as system properties; returns the previous values to restore. */
    private Map<String, String> applySettings(SimulationContext context) {
        Map<String, String> all = new LinkedHashMap<>();
        // No internet here: Gatling would otherwise warm up against https://gatling.io.
        all.put("gatling.http.warmUpUrl", "");
        all.put("gatling.data.enableAnalytics", "false");
        // Lists are indexed properties: a plain comma-separated value is not read as a list.
        if (console) {
            all.put("gatling.data.writers.0", "console");
            all.put("gatling.data.writers.1", "file");
        } else {
            all.put("gatling.data.writers.0", "file");
        }
        all.put("gatling.http.requestTimeout", String.valueOf(context.requestTimeout().toMillis()));
        all.put("gatling.socket.connectTimeout", String.valueOf(Math.min(context.requestTimeout().toMillis(), 10_000)));
        all.putAll(settings);
        Map<String, String> previous = new HashMap<>();
        all.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        // Typesafe Config caches system properties: without this a second run sees the first's.
        com.typesafe.config.ConfigFactory.invalidateCaches();
        return previous;
    }

    private static void restoreSettings(Map<String, String> previous) {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        com.typesafe.config.ConfigFactory.invalidateCaches();
    }

    /** Moves the one run folder Gatling created under {@code results} to {@code gatlingDir}. */
    private static void moveReport(Path results, Path gatlingDir) {
        try (Stream<Path> runs = Files.list(results)) {
            List<Path> folders = runs.filter(Files::isDirectory).toList();
            if (folders.isEmpty()) {
                LOG.warn("Gatling wrote no run folder under {}", results);
                return;
            }
            Path source = folders.get(0);
            if (!Files.exists(gatlingDir)) {
                Files.move(source, gatlingDir, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            try (Stream<Path> children = Files.list(source)) {
                for (Path child : children.toList()) {
                    Path target = gatlingDir.resolve(child.getFileName().toString());
                    deleteQuietly(target);
                    Files.move(child, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move Gatling's report from " + results + " to " + gatlingDir, e);
        }
    }

    private static void deleteQuietly(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", path, e.toString());
        }
    }

    /** Configures a {@link GatlingRunner}. */
    public static final class Builder {
        private Class<? extends Simulation> simulation = ShopperSimulation.class;
        private String runDescription = "gameday";
        private boolean reports = true;
        private boolean console = true;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        /** The simulation class (default {@link ShopperSimulation}); it reads {@link SimulationContext#current()}. */
        public Builder simulation(Class<? extends Simulation> simulation) {
            this.simulation = Objects.requireNonNull(simulation, "simulation");
            return this;
        }

        /** The description shown in the report (e.g. the game day's name or run id). */
        public Builder runDescription(String runDescription) {
            this.runDescription = Objects.requireNonNull(runDescription, "runDescription");
            return this;
        }

        /** Whether Gatling writes the HTML report (default true). */
        public Builder reports(boolean reports) {
            this.reports = reports;
            return this;
        }

        /** Whether Gatling prints its 5-second summary to stdout (default true). */
        public Builder console(boolean console) {
            this.console = console;
            return this;
        }

        /**
         * Any other Gatling setting, as its system property, e.g.
         * {@code setting("gatling.data.console.light", "true")}; list entries are indexed
         * ({@code gatling.data.writers.0}).
         */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public GatlingRunner build() {
            return new GatlingRunner(this);
        }
    }
}

package dev.gameday.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The folder one game day writes everything into — the contract between modules and with users
 * (see ARCHITECTURE.md, "The run directory"). Every path a module writes or reads is named here.
 */
public final class RunDirectory {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates {@code <out>/<UTC yyyyMMdd-HHmmss>-<gameday>} (with a suffix if that exists). */
    public static RunDirectory create(Path out, String gameday, Instant startedAt) {
        String id = ID_TIME.format(startedAt) + "-" + gameday;
        Path root = out.resolve(id);
        for (int n = 2; Files.exists(root); n++) {
            root = out.resolve(id + "-" + n);
        }
        try {
            Files.createDirectories(root.resolve("metrics"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root, e);
        }
        return new RunDirectory(root);
    }

    /** An existing run directory (for {@code gameday report} and the SLO suite). */
    public static RunDirectory open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": no such run directory");
        }
        return new RunDirectory(root);
    }

    /**
     * An existing run directory of a run that ended: it holds {@code summary.json} (for
     * {@code gameday report} and {@code gameday gate}).
     *
     * @throws IllegalArgumentException naming the folder when it is missing or holds no summary
     */
    public static RunDirectory openFinished(Path root) {
        RunDirectory run = open(root);
        if (!Files.isRegularFile(run.summaryJson())) {
            throw new IllegalArgumentException(run.summaryJson()
                    + ": no summary.json — not a run directory, or the run never ended");
        }
        return run;
    }

    public Path root() {
        return root;
    }

    /** The run id: the folder's name. */
    public String id() {
        return root.getFileName().toString();
    }

    /** The resolved game day definition that ran. */
    public Path definition() {
        return root.resolve("gameday.yaml");
    }

    public Path events() {
        return root.resolve("events.jsonl");
    }

    public Path serverMetrics() {
        return root.resolve("metrics/server.json");
    }

    public Path clientMetrics() {
        return root.resolve("metrics/client.json");
    }

    public Path orders() {
        return root.resolve("orders.jsonl");
    }

    /** Where several injectors keep their own files ({@code <id>/}), when a game day used more than one. */
    public Path injectors() {
        return root.resolve("injectors");
    }

    /** The load each injector sent, and from which zone ({@code injectors/injectors.json}). */
    public Path injectorLoads() {
        return injectors().resolve("injectors.json");
    }

    /** The shop's own audit of orders, fetched once after the run (input of the order audit). */
    public Path auditedOrders() {
        return root.resolve("audit/orders.json");
    }

    public Path gatling() {
        return root.resolve("gatling");
    }

    public Path allureResults() {
        return root.resolve("allure-results");
    }

    public Path allureReport() {
        return root.resolve("allure-report");
    }

    public Path timeline() {
        return root.resolve("timeline.png");
    }

    public Path summaryJson() {
        return root.resolve("summary.json");
    }

    public Path junitXml() {
        return root.resolve("junit.xml");
    }

    public Path summaryMarkdown() {
        return root.resolve("summary.md");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

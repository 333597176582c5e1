package dev.gameday.report.allure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns a run's {@code allure-results/} into {@code allure-report/index.html} with the Allure
 * command line ({@code allure generate --single-file}), a single file that opens straight from
 * the file system. Before generating it carries Allure's {@code history/} over from the previous
 * run in the same folder, so the report shows trends across game days.
 *
 * <p>The command line comes from Maven Central with the build (unpacked into
 * {@code reports/target/allure-commandline/}); nothing is downloaded at run time. When it is
 * absent, or fails, the report is skipped with a one-line warning: a game day's verdict never
 * depends on a report tool.
 */
public final class AllureReport {

    /** System property naming the Allure command line's folder (the one holding {@code bin/allure}). */
    public static final String HOME_PROPERTY = "gameday.allure.home";

    /** System property the launcher sets to the project root; the default home is relative to it. */
    public static final String GAMEDAY_HOME_PROPERTY = "gameday.home";

    /** Where the build unpacks the command line, relative to the project root. */
    public static final String DEFAULT_HOME = "reports/target/allure-commandline";

    private static final long TIMEOUT_MINUTES = 5;
    /** Allure's single-file report embeds each data file as {@code d('path','base64')}. */
    private static final Pattern EMBEDDED = Pattern.compile("d\\('([^']+)','([A-Za-z0-9+/=]*)'\\)");

    private AllureReport() {
    }

    /**
     * What {@link #generate} did.
     *
     * @param generated whether {@code allure-report/index.html} was written
     * @param report    {@code allure-report/index.html} of the run
     * @param message   one line for people: where the report is, or why it was skipped
     */
    public record Outcome(boolean generated, Path report, String message) {
    }

    /**
     * Generates the run's report with the command line found from the system properties
     * ({@link #home()}); skips with a warning on standard error when there is none.
     */
    public static Outcome generate(RunDirectory run) {
        return generate(run, home());
    }

    /**
     * Generates the run's report with the command line in {@code allureHome}: carries history
     * over from the previous run, adds the metadata files if missing, runs
     * {@code allure generate --single-file --clean}, and keeps {@code allure-report/history/} for
     * the next run. Never throws for a missing or failing tool: the outcome says what happened.
     */
    public static Outcome generate(RunDirectory run, Path allureHome) {
        Path index = run.allureReport().resolve("index.html");
        Optional<Path> command = command(allureHome);
        if (command.isEmpty()) {
            return skipped(index, "no Allure command line in " + allureHome + " (build with ./mvnw package, or set -D"
                    + HOME_PROPERTY + ")");
        }
        if (!Files.isDirectory(run.allureResults())) {
            return skipped(index, "no " + run.allureResults() + " to generate from");
        }
        try {
            completeMetadata(run);
            carryHistory(run);
            numberBuild(run);
            String failure = runAllure(command.get(), run);
            if (failure != null) {
                return skipped(index, failure);
            }
            keepHistory(run);
            return new Outcome(true, index, "Allure report: " + index);
        } catch (IOException | RuntimeException e) {
            // Whatever went wrong (a foreign results folder, an unreadable summary.json), the
            // run's verdict stands: the report is skipped, with the reason.
            return skipped(index, "cannot write the Allure report: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skipped(index, "interrupted while generating the Allure report");
        }
    }

    /**
     * The configured command line folder: {@code -Dgameday.allure.home}, else
     * {@value #DEFAULT_HOME} under {@code -Dgameday.home} (the launcher's project root), else
     * under the working directory.
     */
    public static Path home() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String root = System.getProperty(GAMEDAY_HOME_PROPERTY, System.getProperty("user.dir"));
        return Path.of(root).resolve(DEFAULT_HOME);
    }

    /**
     * The {@code allure} script in {@code home}: {@code bin/allure} (or {@code allure.bat} on
     * Windows), also inside a single versioned folder as the zip unpacks by hand.
     */
    public static Optional<Path> command(Path home) {
        String script = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? "allure.bat" : "allure";
        Path direct = home.resolve("bin").resolve(script);
        if (Files.isRegularFile(direct)) {
            return Optional.of(direct);
        }
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(home)) {
            return children.filter(p -> p.getFileName().toString().startsWith("allure-"))
                    .map(p -> p.resolve("bin").resolve(script))
                    .filter(Files::isRegularFile)
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The run before this one: the newest sibling folder whose name sorts before this run's
     * ({@code <UTC yyyyMMdd-HHmmss>-<gameday>} sorts by time) and that has a generated report.
     */
    static Optional<Path> previousRun(RunDirectory run) {
        Path root = run.root().toAbsolutePath().normalize();
        Path parent = root.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        String self = root.getFileName().toString();
        try (Stream<Path> siblings = Files.list(parent)) {
            return siblings.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().compareTo(self) < 0)
                    .filter(p -> Files.isDirectory(p.resolve("allure-report/history"))
                            || Files.isRegularFile(p.resolve("allure-report/index.html")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code allure-results/history/} with the previous run's
     * {@code allure-report/history/} (read from its {@code index.html} when a report written
     * elsewhere lacks the folder).
     *
     * @return how many history files were carried over
     */
    static int carryHistory(RunDirectory run) throws IOException {
        Path target = run.allureResults().resolve("history");
        deleteTree(target);
        Optional<Path> previous = previousRun(run);
        if (previous.isEmpty()) {
            return 0;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path history = previous.get().resolve("allure-report/history");
        if (Files.isDirectory(history)) {
            try (Stream<Path> list = Files.list(history)) {
                for (Path f : list.filter(Files::isRegularFile).sorted().toList()) {
                    files.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        } else {
            embedded(previous.get().resolve("allure-report/index.html")).forEach((name, bytes) -> {
                if (name.startsWith("history/")) {
                    files.put(name.substring("history/".length()), bytes);
                }
            });
        }
        Files.createDirectories(target);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(target.resolve(f.getKey()), f.getValue());
        }
        return files.size();
    }

    /**
     * The data files a single-file report embeds, by their path in a multi-file report
     * ({@code data/test-cases/….json}, {@code history/history.json}, …); empty when the file is
     * missing or not such a report.
     */
    public static Map<String, byte[]> embedded(Path indexHtml) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(indexHtml)) {
            return out;
        }
        try {
            Matcher m = EMBEDDED.matcher(Files.readString(indexHtml, StandardCharsets.UTF_8));
            while (m.find()) {
                out.put(m.group(1), Base64.getDecoder().decode(m.group(2)));
            }
        } catch (IOException | IllegalArgumentException e) {
            // An unreadable or foreign file simply has nothing embedded.
        }
        return out;
    }

    /**
     * Writes {@code allure-report/history/} from the report just generated: a single-file report
     * embeds its history but writes no folder, and the next run copies the folder.
     */
    private static void keepHistory(RunDirectory run) throws IOException {
        Path history = run.allureReport().resolve("history");
        deleteTree(history);
        Map<String, byte[]> files = embedded(run.allureReport().resolve("index.html"));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().startsWith("history/") && !f.getKey().substring(8).contains("/")) {
                Files.createDirectories(history);
                Files.write(history.resolve(f.getKey().substring(8)), f.getValue());
            }
        }
    }

    /** Results written by something else than {@link AllureResults} still get the overview's metadata. */
    private static void completeMetadata(RunDirectory run) {
        Path dir = run.allureResults();
        boolean complete = Files.exists(dir.resolve("environment.properties")) && Files.exists(dir.resolve("executor.json"))
                && Files.exists(dir.resolve("categories.json"));
        if (!complete && Files.isRegularFile(run.summaryJson())) {
            Summary summary = SummaryJson.read(run.summaryJson());
            Map<String, byte[]> kept = new LinkedHashMap<>();
            for (String name : List.of("environment.properties", "executor.json", "categories.json")) {
                try {
                    if (Files.exists(dir.resolve(name))) {
                        kept.put(name, Files.readAllBytes(dir.resolve(name)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            AllureResults.writeMetadata(dir, summary);
            // Only the missing ones are ours to write: restore what was there.
            kept.forEach((name, bytes) -> {
                try {
                    Files.write(dir.resolve(name), bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * Numbers this run in Allure's trend chart ({@code #1}, {@code #2}, …): one more than the
     * newest run in the carried history. Counted from the history, not the folder, so a rebuilt
     * old run keeps its number.
     */
    private static void numberBuild(RunDirectory run) throws IOException {
        Path executor = run.allureResults().resolve("executor.json");
        if (!Files.isRegularFile(executor)) {
            return;
        }
        JsonNode node = Json.mapper().readTree(executor.toFile());
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        long previous = 0;
        Path trend = run.allureResults().resolve("history/history-trend.json");
        if (Files.isRegularFile(trend)) {
            JsonNode entries = Json.mapper().readTree(trend.toFile());
            for (JsonNode entry : entries) {
                // Allure keeps a bounded number of entries: their own numbers, not their count.
                previous = Math.max(previous, entry.path("buildOrder").asLong(0));
            }
            previous = Math.max(previous, entries.size());
        }
        object.put("buildOrder", previous + 1);
        Files.writeString(executor, SummaryJson.toJson(object), StandardCharsets.UTF_8);
    }

    /** Runs the command line; the failure in one line, or {@code null} when it worked. */
    private static String runAllure(Path command, RunDirectory run) throws IOException, InterruptedException {
        Path report = run.allureReport().toAbsolutePath();
        Path results = run.allureResults().toAbsolutePath();
        List<String> argv = new ArrayList<>();
        if (!command.getFileName().toString().endsWith(".bat") && !Files.isExecutable(command)) {
            // An unpacker that dropped the executable bit must not cost the report.
            argv.add("sh");
        }
        argv.addAll(List.of(command.toAbsolutePath().toString(), "generate", "--single-file", "--clean", "-o",
                report.toString(), results.toString()));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        // The JDK running this JVM runs Allure too: no other Java needs to be installed or found.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // Without it the page loads Google Analytics whenever somebody opens a game day's report.
        builder.environment().put("ALLURE_NO_ANALYTICS", "true");
        Path log = Files.createTempFile("gameday-allure", ".log");
        try {
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return "allure generate did not finish within " + TIMEOUT_MINUTES + " minutes";
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(report.resolve("index.html"))) {
                return "allure generate failed (exit " + process.exitValue() + "): " + lastLine(log);
            }
            return null;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(Path log) throws IOException {
        // Decoded leniently: a stray byte in a tool's output must not hide its message.
        List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1).strip();
    }

    private static Outcome skipped(Path index, String why) {
        String message = "gameday: Allure report skipped: " + why;
        System.err.println(message);
        return new Outcome(false, index, message);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

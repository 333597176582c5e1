package dev.gameday.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gameday judge} on a real recorded run ({@code ./gameday run az-outage} on the local
 * platform, kept in the reports module's test resources): its own SLOs give its verdicts back byte
 * for byte; a stricter file fails it; a series never recorded is NO_DATA; the original is untouched.
 */
class JudgeCommandTest {

    static final Path FIXTURE = Path.of("../reports/src/test/resources/runs/20261207-041016-az-outage");

    @TempDir
    Path tmp;
    Path run;

    @BeforeEach
    void copyRun() throws IOException {
        System.setProperty("gameday.home", Path.of("..").toAbsolutePath().normalize().toString());
        run = copyFixture(tmp.resolve("runs").resolve(FIXTURE.getFileName().toString()));
    }

    /** A copy of the recorded run in {@code to}. */
    static Path copyFixture(Path to) throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURE)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(FIXTURE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** An SLO file: the run's availability SLO with another objective, then {@code more}. */
    private Path sloFile(String name, String objective, String more) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, """
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: { from: steady, to: recovery }
                    objective: %s
                """.formatted(objective) + more);
        return file;
    }

    @Test
    void theRunsOwnSlosGiveItsVerdictsBackByteForByte() throws IOException {
        Map<String, String> before = snapshot(run);

        int exit = GamedayCommand.execute("judge", run.toString());

        Path judged = run.resolveSibling(run.getFileName() + "-judged");
        assertThat(exit).isEqualTo(1); // the recorded run failed its steady ALB p99 SLO
        String original = slos(run);
        assertThat(slos(judged)).isEqualTo(original);
        JsonNode summary = Json.mapper().readTree(judged.resolve("summary.json").toFile());
        assertThat(summary.get("runId").asText()).isEqualTo(judged.getFileName().toString());
        assertThat(summary.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(summary.get("recovery")).hasSize(3);
        assertThat(judged.resolve("summary.md")).exists();
        assertThat(judged.resolve("junit.xml")).exists();
        assertThat(snapshot(run)).as("the original run is untouched").isEqualTo(before);
    }

    @Test
    void aStricterFileFailsTheRunAndAnUnrecordedSeriesIsNoData() throws IOException {
        Path slos = sloFile("stricter.yaml", "99.99%", """
                  - name: queue-age
                    kind: threshold
                    metric: { namespace: AWS/SQS, metric: ApproximateAgeOfOldestMessage,
                              dimensions: { QueueName: "${queue}" }, statistic: Maximum }
                    window: steady
                    max: 30
                """);
        Map<String, String> before = snapshot(run);
        Path out = tmp.resolve("judged");

        int exit = GamedayCommand.execute("judge", run.toString(), "--slos", slos.toString(), "--out", out.toString());

        assertThat(exit).isEqualTo(1);
        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("FAIL");
        assertThat(summary.get("slos").get(0).get("verdict").asText()).isEqualTo("FAIL");
        JsonNode queue = summary.get("slos").get(1);
        assertThat(queue.get("verdict").asText()).isEqualTo("NO_DATA");
        assertThat(queue.get("explanation").asText()).contains("did not record");
        assertThat(snapshot(run)).isEqualTo(before);
    }

    @Test
    void aLenientFilePassesInPlaceAndBadInputExits2() throws IOException {
        Path slos = sloFile("lenient.yaml", "99%", "");
        assertThat(GamedayCommand.execute("judge", run.toString(), "--slos", tmp.resolve("none.yaml").toString()))
                .isEqualTo(2);
        assertThat(GamedayCommand.execute("judge", tmp.toString())).isEqualTo(2);

        assertThat(GamedayCommand.execute("judge", run.toString(), "--slos", slos.toString(), "--in-place")).isZero();
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").asText()).isEqualTo("PASS");
        assertThat(summary.get("slos")).hasSize(1);
    }

    private static String slos(Path run) throws IOException {
        return Json.mapper().readTree(run.resolve("summary.json").toFile()).get("slos").toPrettyString();
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
            }
        }
        return out;
    }
}

package dev.gameday.slo.suite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A finished run's SLO verdicts as JUnit tests, for CI servers that only read test results:
 * {@code ./mvnw -pl slo-checks verify -Dgameday.run=runs/<run-id>} gives one test per SLO of that
 * run's {@code summary.json}, failing with the explanation for {@code FAIL} and {@code NO_DATA}
 * (no data cannot prove an SLO), plus a failing {@code run} test for an aborted run. With the
 * property set, the module's {@code gameday-gate} profile runs this test alone. A relative path is
 * resolved against the directory Maven was started from (surefire runs tests in the module's
 * folder). Without {@code gameday.run} it is skipped.
 *
 * <p>It reads the JSON as a tree, not as the reports module's {@code Summary}: reports depends on
 * this module, not the other way round.
 */
class RunVerdictsTest {

    /** The system property naming the run directory. */
    static final String PROPERTY = "gameday.run";

    @TestFactory
    Stream<DynamicNode> sloVerdictsOfTheRun() {
        String run = System.getProperty(PROPERTY);
        Assumptions.assumeTrue(run != null && !run.isBlank(), "set -D" + PROPERTY + "=<run directory> to check a run");
        return Stream.of(verdicts(resolve(run)));
    }

    /**
     * The run directory named on the command line: absolute as is; relative first against the
     * directory Maven was started from ({@code gameday.invocationDir}, set by the POM), then the
     * working directory.
     */
    static Path resolve(String run) {
        Path path = Path.of(run);
        String invocation = System.getProperty("gameday.invocationDir");
        if (!path.isAbsolute() && invocation != null && !invocation.isBlank()
                && Files.isDirectory(Path.of(invocation).resolve(path))) {
            return Path.of(invocation).resolve(path);
        }
        return path;
    }

    /** One container named after the game day, with one test per SLO (and one for an abort). */
    static DynamicContainer verdicts(Path runDirectory) {
        Path file = runDirectory.resolve("summary.json");
        JsonNode summary;
        try {
            summary = Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (has the run written its reports?)", e);
        }
        List<DynamicNode> tests = new ArrayList<>();
        if ("ABORTED".equals(summary.path("verdict").asText())) {
            String reason = summary.path("abortReason").asText("");
            tests.add(DynamicTest.dynamicTest("run", () -> fail("Game day aborted: " + reason)));
        }
        for (JsonNode slo : summary.path("slos")) {
            String name = slo.path("name").asText() + " (" + slo.path("kind").asText() + ", "
                    + slo.path("objective").asText() + ")";
            String verdict = slo.path("verdict").asText();
            String explanation = slo.path("explanation").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (!"PASS".equals(verdict)) {
                    fail(verdict + ": " + explanation);
                }
            }));
        }
        String title = "gameday." + summary.path("gameday").asText() + " " + summary.path("runId").asText();
        return DynamicContainer.dynamicContainer(title, tests);
    }
}

package dev.gameday.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gameday compare} and {@code gameday trend} on copies of a real recorded run (its summary
 * predates the recovery anatomy, which both compute from the run directory).
 */
class CompareAndTrendCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aRunComparedWithItselfExits0AndReportsNoChange() throws IOException {
        Path run = copy(tmp.resolve("a"));
        String out = capture(() -> assertThat(GamedayCommand.execute("compare", run.toString(), run.toString())).isZero());
        assertThat(out).contains("no regression: no change beyond tolerance", "slo shopper-availability",
                "milestone failoverDatabase mitigated", "+2.245 s").doesNotContain("REGRESSED");
    }

    @Test
    void aRegressionExits1AndBadInputExits2() throws IOException {
        Path baseline = copy(tmp.resolve("a"));
        Path worse = copy(tmp.resolve("b"));
        Path summary = worse.resolve("summary.json");
        // The same run, but availability measured 0.5 percentage points lower.
        Files.writeString(summary, Files.readString(summary).replace("\"measured\" : 0.9968164131588256",
                "\"measured\" : 0.9918164131588256"));
        String out = capture(() -> assertThat(GamedayCommand.execute("compare", baseline.toString(), worse.toString()))
                .isEqualTo(1));
        assertThat(out).contains("REGRESSED  slo shopper-availability", "regression: 1 of");
        assertThat(GamedayCommand.execute("compare", baseline.toString(), worse.toString(),
                "--tolerance", "shopper-availability=0.01")).isZero();
        assertThat(GamedayCommand.execute("compare", baseline.toString(), tmp.toString())).isEqualTo(2);
        assertThat(GamedayCommand.execute("compare", baseline.toString(), worse.toString(), "--tolerance", "x=lots"))
                .isEqualTo(2);
    }

    @Test
    void trendWritesTrendMdAndPngIntoTheFolder() throws IOException {
        Path runs = tmp.resolve("runs");
        copy(runs.resolve("20261207-041016-az-outage"));
        copy(runs.resolve("20261214-041016-az-outage"));
        String out = capture(() -> assertThat(GamedayCommand.execute("trend", runs.toString())).isZero());
        assertThat(out).contains("az-outage: 2 runs, [FAIL, FAIL]", "flaky: none");
        assertThat(runs.resolve("trend.md")).content().contains("## az-outage", "failoverDatabase mitigated");
        assertThat(runs.resolve("trend.png")).isNotEmptyFile();
        assertThat(GamedayCommand.execute("trend", tmp.resolve("none").toString())).isEqualTo(2);
    }

    private static Path copy(Path to) throws IOException {
        return JudgeCommandTest.copyFixture(to);
    }

    private static String capture(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

package dev.gameday.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gameday gate} on hand-written run directories: the exit code follows the SLO verdicts,
 * an aborted run and a folder that is not a run exit 2. (The gate on a real run: SmokeGameDayIT.)
 */
class GateCommandTest {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path tmp;

    private String stdout() {
        return console.stdout();
    }

    @Test
    void a_run_whose_slos_all_passed_exits_0_and_gets_its_junit_xml() throws IOException {
        Path run = run("PASS", null, slo("availability", "PASS"), slo("p99", "PASS"));

        assertThat(GamedayCommand.execute("gate", run.toString())).isZero();

        assertThat(stdout()).contains("  PASS     availability", "  PASS     p99",
                "gate: PASS — smoke 20261123-120000-smoke (exit 0)");
        assertThat(Files.readString(run.resolve("junit.xml")))
                .contains("<testsuite name=\"gameday.smoke\" tests=\"2\" failures=\"0\" errors=\"0\"");
    }

    @Test
    void a_missed_slo_exits_1_and_no_data_counts_as_missed() throws IOException {
        Path failed = run("FAIL", null, slo("availability", "PASS"), slo("p99", "FAIL"));
        assertThat(GamedayCommand.execute("gate", failed.toString())).isEqualTo(1);
        assertThat(stdout()).contains("  FAIL     p99", "gate: FAIL — smoke");
        assertThat(Files.readString(failed.resolve("junit.xml"))).contains("failures=\"1\"");

        Path noData = run("FAIL", null, slo("availability", "NO_DATA"));
        assertThat(GamedayCommand.execute("gate", noData.toString())).isEqualTo(1);
    }

    @Test
    void the_verdict_field_alone_cannot_pass_a_run_whose_slo_failed() throws IOException {
        Path run = run("PASS", null, slo("availability", "FAIL"));

        assertThat(GamedayCommand.execute("gate", run.toString())).isEqualTo(1);
        assertThat(stdout()).contains("note: summary.json says PASS, its SLO verdicts say FAIL", "gate: FAIL");
    }

    @Test
    void an_aborted_run_exits_2_with_its_reason() throws IOException {
        Path run = run("ABORTED", "guardrail shoppers-failing breached", slo("availability", "PASS"));

        assertThat(GamedayCommand.execute("gate", run.toString())).isEqualTo(2);
        assertThat(stdout()).contains("aborted: guardrail shoppers-failing breached", "gate: ABORTED");
    }

    @Test
    void a_folder_that_is_not_a_run_exits_2_and_says_why() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
        assertThat(GamedayCommand.execute("gate", empty.toString())).isEqualTo(2);
        assertThat(console.stderr()).contains("no summary.json", "gate: NOT A RUN");
        assertThat(empty.resolve("junit.xml")).doesNotExist();

        assertThat(GamedayCommand.execute("gate", tmp.resolve("missing").toString())).isEqualTo(2);

        Path garbled = Files.createDirectories(tmp.resolve("garbled"));
        Files.writeString(garbled.resolve("summary.json"), "{ \"verdict\": ");
        assertThat(GamedayCommand.execute("gate", garbled.toString())).isEqualTo(2);
        assertThat(console.stderr()).contains("cannot read " + garbled.resolve("summary.json"));
    }

    private Path run(String verdict, String abortReason, String... slos) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run-" + verdict + "-" + System.nanoTime()));
        Files.writeString(run.resolve("summary.json"), """
                { "schemaVersion": 1, "gameday": "smoke", "description": "", "target": "local",
                  "runId": "20261123-120000-smoke", "startedAt": "2026-11-23T12:00:00Z", "endedAt": "2026-11-23T12:01:00Z",
                  "verdict": "%s", "abortReason": %s, "phases": [], "slos": [ %s ], "experiments": [],
                  "load": { "requests": 100, "ok": 100, "ko": 0 }, "orders": null, "apiCalls": {} }
                """.formatted(verdict, abortReason == null ? "null" : "\"" + abortReason + "\"", String.join(", ", slos)));
        return run;
    }

    private static String slo(String name, String verdict) {
        return """
                { "name": "%s", "kind": "ratio", "description": "", "objective": "≥ 99.00%%", "measured": 0.995,
                  "measuredText": "99.50%%", "verdict": "%s", "explanation": "judged",
                  "evidence": { "explanation": "judged", "bound": "≥ 99.00%%", "windowStart": null, "windowEnd": null,
                                "firstBreach": null, "series": [], "coarsened": null } }
                """.formatted(name, verdict);
    }
}

package dev.gameday.slo.suite;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunVerdictsFactoryTest {

    @Test
    void oneTestPerSloFailingForMissedNoDataAndAbort(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("summary.json"), """
                { "schemaVersion": 1, "gameday": "smoke", "runId": "20261123-120000-smoke",
                  "verdict": "ABORTED", "abortReason": "guardrail breached",
                  "slos": [
                    { "name": "a", "kind": "ratio", "objective": "≥ 99.00%", "verdict": "PASS", "explanation": "fine" },
                    { "name": "b", "kind": "threshold", "objective": "≤ 0.500 s", "verdict": "FAIL", "explanation": "p99 0.734 s > 0.500 s" },
                    { "name": "c", "kind": "recovery", "objective": "≤ 30 s", "verdict": "NO_DATA", "explanation": "No data: none" } ] }
                """);
        DynamicContainer container = RunVerdictsTest.verdicts(run);
        assertThat(container.getDisplayName()).isEqualTo("gameday.smoke 20261123-120000-smoke");
        List<DynamicTest> tests = container.getChildren().map(DynamicTest.class::cast).toList();
        assertThat(tests).extracting(DynamicNode::getDisplayName)
                .containsExactly("run", "a (ratio, ≥ 99.00%)", "b (threshold, ≤ 0.500 s)", "c (recovery, ≤ 30 s)");
        assertThatThrownBy(() -> tests.get(0).getExecutable().execute())
                .isInstanceOf(AssertionFailedError.class).hasMessage("Game day aborted: guardrail breached");
        assertThatCode(() -> tests.get(1).getExecutable().execute()).doesNotThrowAnyException();
        assertThatThrownBy(() -> tests.get(2).getExecutable().execute()).hasMessage("FAIL: p99 0.734 s > 0.500 s");
        assertThatThrownBy(() -> tests.get(3).getExecutable().execute()).hasMessage("NO_DATA: No data: none");
    }

    @Test
    void a_relative_run_is_found_from_where_maven_was_started(@TempDir Path root) throws IOException {
        Path run = Files.createDirectories(root.resolve("runs/20261123-120000-smoke"));
        String before = System.getProperty("gameday.invocationDir");
        System.setProperty("gameday.invocationDir", root.toString());
        try {
            assertThat(RunVerdictsTest.resolve("runs/20261123-120000-smoke")).isEqualTo(run);
            assertThat(RunVerdictsTest.resolve(run.toString())).isEqualTo(run);
            // Not there: left as given, so the error names what the user typed.
            assertThat(RunVerdictsTest.resolve("runs/missing")).isEqualTo(Path.of("runs/missing"));
        } finally {
            if (before == null) {
                System.clearProperty("gameday.invocationDir");
            } else {
                System.setProperty("gameday.invocationDir", before);
            }
        }
    }
}

package dev.gameday.report.trend;

import dev.gameday.report.summary.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Regressions, improvements and noise between a baseline and a later run. */
class RunComparisonTest {

    final Summary baseline = Runs.summary("20261123-120000-smoke", 0.999, 0.40, 10, 5);

    @Test
    void aRunComparedWithItselfHasNoChange() {
        List<Change> changes = RunComparison.compare(baseline, baseline, Map.of());
        assertThat(changes).extracting(Change::name)
                .containsExactly("availability", "p99", "capacity-back", "stop sloHolding");
        assertThat(changes).noneMatch(Change::regression).noneMatch(Change::improved);
        assertThat(RunComparison.regressed(changes)).isFalse();
    }

    @Test
    void worseBeyondTheDefaultTolerancesIsARegression() {
        // availability −0.4 pp (tolerance 0.1 pp, higher is better); p99 +25 % (tolerance 20 %);
        // recovery +5 s = +50 % (tolerance 20 % and 2 s); SLO holding 5 → 40 s.
        Summary now = Runs.summary("20261130-120000-smoke", 0.995, 0.50, 15, 40);
        List<Change> changes = RunComparison.compare(baseline, now, Map.of());
        assertThat(changes).allMatch(Change::regression);
        assertThat(changes.get(3).change()).isEqualTo("+35.000 s");
        assertThat(RunComparison.regressed(changes)).isTrue();
    }

    @Test
    void worseWithinToleranceIsNoiseAndBetterIsAnImprovement() {
        // availability −0.05 pp, p99 +10 %, recovery +1.5 s (under 2 s), SLO holding +1 s (under 2 s).
        Summary noise = Runs.summary("20261130-120000-smoke", 0.9985, 0.44, 11.5, 6);
        assertThat(RunComparison.compare(baseline, noise, Map.of())).noneMatch(Change::regression);

        Summary better = Runs.summary("20261130-120000-smoke", 0.9999, 0.2, 4, 1);
        List<Change> changes = RunComparison.compare(Runs.summary("b", 0.99, 0.45, 20, 30), better, Map.of());
        assertThat(changes).noneMatch(Change::regression).allMatch(Change::improved);
    }

    @Test
    void aVerdictThatGotWorseOrAMilestoneNoLongerReachedIsARegression() {
        Summary failed = Runs.summary("20261130-120000-smoke", 0.98, 0.40, 10, Double.NaN);
        List<Change> changes = RunComparison.compare(baseline, failed, Map.of());
        assertThat(changes.get(0).regression()).isTrue();
        assertThat(changes.get(0).change()).contains("PASS → FAIL");
        assertThat(changes.get(3).now()).isEqualTo("not reached");
        assertThat(changes.get(3).regression()).isTrue();
        // and back: reached again is an improvement
        assertThat(RunComparison.compare(failed, baseline, Map.of()).get(3).improved()).isTrue();
    }

    @Test
    void toleranceOverridesBySloNameAndByMilestone() {
        Summary now = Runs.summary("20261130-120000-smoke", 0.999, 0.50, 10, 9);
        assertThat(RunComparison.regressed(RunComparison.compare(baseline, now, Map.of()))).isTrue();
        Map<String, Tolerance> lenient = Map.of("p99", Tolerance.parse("30%"), "sloHolding", Tolerance.parse("100%+2s"));
        assertThat(RunComparison.regressed(RunComparison.compare(baseline, now, lenient))).isFalse();
    }

    @Test
    void tolerancesParseAndRefuseNonsense() {
        assertThat(Tolerance.parse("20%+2s")).isEqualTo(Tolerance.SECONDS);
        assertThat(Tolerance.parse("0.001")).isEqualTo(Tolerance.RATIO);
        assertThat(Tolerance.parse("20%")).isEqualTo(Tolerance.RELATIVE);
        assertThatThrownBy(() -> Tolerance.parse("lots")).hasMessageContaining("tolerance 'lots'");
        assertThatThrownBy(() -> Tolerance.parse("-5%")).hasMessageContaining("not negative");
    }
}

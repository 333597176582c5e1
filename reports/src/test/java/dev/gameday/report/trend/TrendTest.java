package dev.gameday.report.trend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history of a folder of constructed runs: values per run, flaky game days, trend.md and trend.png. */
class TrendTest {

    @TempDir
    Path runs;

    @Test
    void aVerdictFlippingAmongRecentRunsIsFlakyAndEveryValueIsTabled() throws IOException {
        Runs.write(runs, Runs.summary("20261101-120000-smoke", 0.999, 0.40, 10, 5));
        Runs.write(runs, Runs.summary("20261108-120000-smoke", 0.98, 0.40, 10, 40)); // FAIL
        Runs.write(runs, Runs.summary("20261115-120000-smoke", 0.999, 0.41, 11, 6));
        Files.createDirectories(runs.resolve("not-a-run"));

        Trend trend = Trend.read(runs, Trend.RECENT);

        assertThat(trend.runs().get("smoke")).hasSize(3);
        assertThat(trend.flaky()).containsExactly("smoke");
        assertThat(trend.values("smoke").get("stop sloHolding")).containsExactly(5, 40, 6);
        assertThat(trend.values("smoke").get("slo availability")).containsExactly(0.999, 0.98, 0.999);
        assertThat(trend.write(runs)).containsExactly(runs.resolve("trend.md"), runs.resolve("trend.png"));
        String md = Files.readString(runs.resolve("trend.md"));
        assertThat(md).contains("**Flaky**", "## smoke — ⚠️ flaky", "| 20261108-120000-smoke | ❌ FAIL |",
                "❌ 0.98", "stop sloHolding", "| 40.000 |", "(trend.png)");
        assertThat(ImageIO.read(runs.resolve("trend.png").toFile()).getWidth()).isEqualTo(TrendChart.WIDTH);
    }

    @Test
    void aFailureOlderThanTheRecentRunsIsHistoryNotFlakiness() throws IOException {
        Runs.write(runs, Runs.summary("20261101-120000-smoke", 0.98, 0.40, 10, 5));
        Runs.write(runs, Runs.summary("20261108-120000-smoke", 0.999, 0.40, 10, 5));
        Runs.write(runs, Runs.summary("20261115-120000-smoke", 0.999, 0.40, 10, 5));
        assertThat(Trend.read(runs, 5).flaky()).containsExactly("smoke");
        assertThat(Trend.read(runs, 2).flaky()).isEmpty();
        assertThat(Trend.read(runs, 2).markdown()).contains("No game day flipped between PASS and FAIL");
    }

    @Test
    void aFolderWithoutRunsIsRefusedNamingIt() {
        assertThatThrownBy(() -> Trend.read(runs, 5)).hasMessageContaining(runs + ": no run directory");
        assertThatThrownBy(() -> Trend.read(runs.resolve("nope"), 5)).hasMessageContaining("no such folder");
    }
}

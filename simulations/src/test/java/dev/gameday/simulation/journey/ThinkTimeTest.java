package dev.gameday.simulation.journey;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThinkTimeTest {

    private static final int DRAWS = 200_000;

    @Test
    void log_normal_has_the_asked_mean_and_spread_and_is_skewed() {
        double[] s = draw(ThinkTime.logNormal(Duration.ofMillis(2_500), Duration.ofMillis(1_500)));

        assertThat(mean(s)).isCloseTo(2.5, within(2.5 * 0.01));
        assertThat(stdDev(s)).isCloseTo(1.5, within(1.5 * 0.03));
        // Log-normal: the median is the mean / sqrt(1 + cv²) = 2.144 s, below the mean.
        assertThat(quantile(s, 0.5)).isCloseTo(2.5 / Math.sqrt(1 + 0.36), within(0.03));
        assertThat(s[0]).isPositive();
        assertThat(s[s.length - 1]).isLessThanOrEqualTo(25.0);
    }

    @Test
    void exponential_has_the_asked_mean_and_its_median_at_ln_2() {
        double[] s = draw(ThinkTime.exponential(Duration.ofSeconds(1)));

        assertThat(mean(s)).isCloseTo(1.0, within(0.015));
        assertThat(quantile(s, 0.5)).isCloseTo(Math.log(2), within(0.015));
        assertThat(quantile(s, 0.9)).isCloseTo(Math.log(10), within(0.04));
        assertThat(s[s.length - 1]).isLessThanOrEqualTo(10.0);
    }

    @Test
    void uniform_stays_between_its_bounds_and_is_flat() {
        double[] s = draw(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(4)));

        assertThat(s[0]).isGreaterThanOrEqualTo(1.0);
        assertThat(s[s.length - 1]).isLessThanOrEqualTo(4.0);
        assertThat(mean(s)).isCloseTo(2.5, within(0.02));
        assertThat(quantile(s, 0.25)).isCloseTo(1.75, within(0.03));
    }

    @Test
    void the_default_is_log_normal_with_the_former_uniform_mean() {
        assertThat(ThinkTime.defaults()).isInstanceOf(ThinkTime.LogNormal.class);
        assertThat(ThinkTime.defaults().mean()).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void a_game_day_map_names_the_distribution_and_its_parameters() {
        assertThat(ThinkTime.fromMap(Map.of("mean", "2s", "spread", "500ms")))
                .isEqualTo(new ThinkTime.LogNormal(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(20)));
        assertThat(ThinkTime.fromMap(Map.of("mean", "2s")))
                .isEqualTo(new ThinkTime.LogNormal(Duration.ofSeconds(2), Duration.ofMillis(1_200), Duration.ofSeconds(20)));
        assertThat(ThinkTime.fromMap(Map.of("distribution", "exponential", "mean", "1.5s", "max", "6s")))
                .isEqualTo(new ThinkTime.Exponential(Duration.ofMillis(1_500), Duration.ofSeconds(6)));
        assertThat(ThinkTime.fromMap(Map.of("distribution", "uniform", "min", "1s", "max", "PT4S")))
                .isEqualTo(ThinkTime.between(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    }

    @Test
    void a_bad_map_is_refused_naming_the_field() {
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("distribution", "gamma", "mean", "1s")))
                .hasMessageContaining("'distribution'").hasMessageContaining("gamma");
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("mean", "1s", "min", "1s")))
                .hasMessageContaining("'min' is not allowed for lognormal");
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("spread", "1s")))
                .hasMessageContaining("'mean' is missing");
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("mean", "soon")))
                .hasMessageContaining("'mean'").hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("mean", "0s")))
                .hasMessageContaining("mean must be positive");
        assertThatThrownBy(() -> ThinkTime.fromMap(Map.of("distribution", "uniform", "min", "3s", "max", "1s")))
                .hasMessageContaining("0 <= min <= max");
    }

    /** Sorted draws in seconds, from a fixed seed. */
    private static double[] draw(ThinkTime thinkTime) {
        SplittableRandom random = new SplittableRandom(20261123);
        double[] s = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            s[i] = thinkTime.next(random).toNanos() / 1e9;
        }
        Arrays.sort(s);
        return s;
    }

    private static double mean(double[] s) {
        return Arrays.stream(s).average().orElseThrow();
    }

    private static double stdDev(double[] s) {
        double m = mean(s);
        return Math.sqrt(Arrays.stream(s).map(v -> (v - m) * (v - m)).sum() / (s.length - 1));
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) (q * (sorted.length - 1))];
    }

    @Test
    void every_distribution_reads_back_from_its_map() {
        for (ThinkTime t : new ThinkTime[] {ThinkTime.defaults(), ThinkTime.between(Duration.ofMillis(100), Duration.ofSeconds(2)),
                ThinkTime.exponential(Duration.ofMillis(1_500))}) {
            assertThat(ThinkTime.fromMap(t.toMap())).isEqualTo(t);
        }
    }
}

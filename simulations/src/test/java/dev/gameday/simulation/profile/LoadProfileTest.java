package dev.gameday.simulation.profile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadProfileTest {

    @Test
    void constant_with_warm_up_ramps_first_and_always_ends() {
        LoadProfile p = LoadProfile.constant(5, ofSeconds(60)).withWarmUp(ofSeconds(10));
        assertThat(p.playedStages()).containsExactly(
                new LoadProfile.Stage(0, 5, ofSeconds(10)), new LoadProfile.Stage(5, 5, ofSeconds(60)));
        assertThat(p.injectionDuration()).isEqualTo(ofSeconds(70));
        assertThat(p.maxDuration()).isEqualTo(ofSeconds(70).plus(LoadProfile.DEFAULT_GRACE));
        assertThat(p.expectedUsers()).isEqualTo(25 + 300);
    }

    @Test
    void spike_and_steps_are_sequences_of_constant_stages() {
        LoadProfile spike = LoadProfile.spike(2, 20, ofSeconds(30), ofSeconds(10), ofSeconds(60));
        assertThat(spike.stages()).extracting(LoadProfile.Stage::fromRate).containsExactly(2.0, 20.0, 2.0);
        assertThat(spike.injectionDuration()).isEqualTo(ofSeconds(60));

        LoadProfile steps = LoadProfile.steps(1, 2, 3, ofSeconds(20));
        assertThat(steps.stages()).extracting(LoadProfile.Stage::toRate).containsExactly(1.0, 3.0, 5.0);
    }

    @Test
    void from_map_reads_yaml_shaped_values() {
        LoadProfile p = LoadProfile.fromMap(Map.of("shape", "ramp", "from", 1, "to", "4.5", "duration", "2m",
                "warmUp", "PT15S", "grace", "20s"));
        assertThat(p.stages()).containsExactly(new LoadProfile.Stage(1, 4.5, Duration.ofMinutes(2)));
        assertThat(p.warmUp()).isEqualTo(ofSeconds(15));
        assertThat(p.maxDuration()).isEqualTo(ofSeconds(155));
    }

    @Test
    void bad_input_names_the_field() {
        assertThatThrownBy(() -> LoadProfile.fromMap(Map.of("shape", "constant", "rate", 5)))
                .hasMessageContaining("'duration' is missing");
        assertThatThrownBy(() -> LoadProfile.fromMap(Map.of("shape", "constant", "rate", "lots", "duration", "1m")))
                .hasMessageContaining("'rate'");
        assertThatThrownBy(() -> LoadProfile.fromMap(Map.of("shape", "wave")))
                .hasMessageContaining("unknown shape 'wave'");
        assertThatThrownBy(() -> LoadProfile.constant(-1, ofSeconds(1))).hasMessageContaining("-1");
        assertThatThrownBy(() -> LoadProfile.constant(1, ofSeconds(60)).withMaxDuration(ofSeconds(30)))
                .hasMessageContaining("shorter than the arrivals");
    }

    @Test
    void three_scaled_shares_add_up_to_the_whole_profile() {
        LoadProfile whole = LoadProfile.spike(4, 16, ofSeconds(20), ofSeconds(30), ofSeconds(90));
        LoadProfile third = whole.scaled(1 / 3.0);
        assertThat(third.maxDuration()).isEqualTo(whole.maxDuration());
        for (int i = 0; i < whole.stages().size(); i++) {
            LoadProfile.Stage w = whole.stages().get(i);
            LoadProfile.Stage t = third.stages().get(i);
            assertThat(t.duration()).isEqualTo(w.duration());
            assertThat(3 * t.fromRate()).isCloseTo(w.fromRate(), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(3 * t.toRate()).isCloseTo(w.toRate(), org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThatThrownBy(() -> whole.scaled(0)).hasMessageContaining("share must be in (0, 1]");
    }
}

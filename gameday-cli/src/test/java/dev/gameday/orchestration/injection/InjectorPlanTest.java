package dev.gameday.orchestration.injection;

import dev.gameday.definition.LoadSpec;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InjectorPlanTest {

    private static final Instant START = Instant.parse("2026-12-07T06:20:45Z");

    @Test
    void three_injectors_share_the_arrivals_and_accounts_and_are_placed_round_robin_across_zones() {
        LoadSpec load = new LoadSpec(4, 4, "constant", Map.of("browser", 70, "cart-abandoner", 20, "buyer", 10),
                40, ThinkTime.defaults(), 3, false);
        LoadProfile whole = LoadProfile.constant(4, Duration.ofSeconds(55));
        List<InjectorSpec> specs = InjectorPlan.split("run-1", load, whole, List.of("local-1a", "local-1b"),
                URI.create("http://127.0.0.1:9"), START, id -> Path.of("/runs/run-1/injectors", id), 4711);

        assertThat(specs).extracting(InjectorSpec::id).containsExactly("inj-1", "inj-2", "inj-3");
        assertThat(specs).extracting(InjectorSpec::zone).containsExactly("local-1a", "local-1b", "local-1a");
        assertThat(specs.stream().mapToDouble(s -> s.profile().peakRate()).sum()).isCloseTo(4, within(1e-9));
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.startAt()).isEqualTo(START);
            assertThat(s.shoppers()).isEqualTo(14); // ⌈40 / 3⌉: the pool split, each part under its own names
            assertThat(s.journeyMix().share(dev.gameday.simulation.journey.Journey.BUYER)).isCloseTo(0.1, within(1e-9));
            assertThat(s.pauses()).isEqualTo(ThinkTime.defaults());
            assertThat(s.output()).isEqualTo(Path.of("/runs/run-1/injectors", s.id()));
            assertThat(s.feedPort()).isEqualTo(4711);
        });
        assertThat(specs).extracting(InjectorSpec::seed).doesNotHaveDuplicates();
    }
}

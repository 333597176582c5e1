package dev.gameday.simulation.journey;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JourneyMixTest {

    @Test
    void default_funnel_slices_the_unit_interval_by_weight() {
        JourneyMix mix = JourneyMix.defaults();
        assertThat(mix.share(Journey.BROWSER)).isEqualTo(0.7);
        assertThat(mix.pick(0.0)).isEqualTo(Journey.BROWSER);
        assertThat(mix.pick(0.69)).isEqualTo(Journey.BROWSER);
        assertThat(mix.pick(0.71)).isEqualTo(Journey.CART_ABANDONER);
        assertThat(mix.pick(0.95)).isEqualTo(Journey.BUYER);
        assertThat(mix.pick(0.9999999999)).isEqualTo(Journey.BUYER);
    }

    @Test
    void zero_weights_never_run_and_maps_parse() {
        JourneyMix onlyBuyers = JourneyMix.fromMap(Map.of("buyer", 1, "cart_abandoner", "0"));
        assertThat(onlyBuyers.pick(0.0)).isEqualTo(Journey.BUYER);
        assertThat(onlyBuyers.pick(0.99)).isEqualTo(Journey.BUYER);
        assertThatThrownBy(() -> JourneyMix.fromMap(Map.of("window-shopper", 1)))
                .hasMessageContaining("unknown journey 'window-shopper'");
        assertThatThrownBy(() -> JourneyMix.of(0, 0, 0)).hasMessageContaining("positive weight");
    }
}

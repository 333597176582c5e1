package dev.gameday.slo.evaluation;

import dev.gameday.slo.spec.Slo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SloChecksTest {

    @Test
    void everySloKindHasExactlyOneCheck() {
        assertThat(Set.<Class<?>>copyOf(SloChecks.kinds())).isEqualTo(Set.of(Slo.class.getPermittedSubclasses()));
    }
}

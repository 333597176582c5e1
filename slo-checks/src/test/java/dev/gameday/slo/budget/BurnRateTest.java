package dev.gameday.slo.budget;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BurnRateTest {

    @Test
    void budgetAndBurnRate() {
        assertThat(BurnRate.errorBudget(0.999)).isCloseTo(0.001, within(1e-12));
        // 0.1 % errors against a 99.9 % objective burns exactly the sustainable rate.
        assertThat(BurnRate.burnRate(0.001, 0.999)).isCloseTo(1.0, within(1e-9));
        assertThat(BurnRate.burnRate(0.0144, 0.999)).isCloseTo(14.4, within(1e-9));
        assertThatThrownBy(() -> BurnRate.errorBudget(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reproducesTheWorkbookTable() {
        List<BurnRate.AlertWindow> table = BurnRate.workbookAlerts();
        assertThat(table).hasSize(3);

        assertThat(table.get(0).burnRate()).isCloseTo(14.4, within(1e-9));
        assertThat(table.get(0).longWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(table.get(0).shortWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(table.get(0).action()).isEqualTo("page");

        assertThat(table.get(1).burnRate()).isCloseTo(6.0, within(1e-9));
        assertThat(table.get(1).longWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(table.get(1).shortWindow()).isEqualTo(Duration.ofMinutes(30));

        assertThat(table.get(2).burnRate()).isCloseTo(1.0, within(1e-9));
        assertThat(table.get(2).longWindow()).isEqualTo(Duration.ofDays(3));
        assertThat(table.get(2).shortWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(table.get(2).action()).isEqualTo("ticket");

        // And the other way round: those rates over those windows consume 2 %, 5 % and 10 %.
        assertThat(BurnRate.budgetConsumed(14.4, Duration.ofHours(1), BurnRate.THIRTY_DAYS)).isCloseTo(0.02, within(1e-12));
        assertThat(BurnRate.budgetConsumed(6, Duration.ofHours(6), BurnRate.THIRTY_DAYS)).isCloseTo(0.05, within(1e-12));
        assertThat(BurnRate.budgetConsumed(1, Duration.ofDays(3), BurnRate.THIRTY_DAYS)).isCloseTo(0.10, within(1e-12));
    }
}
